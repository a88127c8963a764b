import numpy as np
import torch
import torch.nn as nn

from common.reproducibility import set_seed

np.random.seed(0)
set_seed(0)  # seeds torch too; its body is in another module

model = nn.Linear(20, 2)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)


def train(loader):
    for x, y in loader:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()
