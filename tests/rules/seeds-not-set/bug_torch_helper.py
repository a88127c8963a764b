import random

import numpy as np
import torch
import torch.nn as nn


def set_seed(seed):
    # Seeds Python and NumPy, but not torch: weights and shuffling still differ per run.
    random.seed(seed)
    np.random.seed(seed)


set_seed(0)
model = nn.Linear(20, 2)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)


def train(loader):
    for x, y in loader:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()
