import torch
import torch.nn as nn

model = nn.Linear(8, 1)


def step(x, y):
    return nn.BCELoss()(torch.sigmoid(model(x)), y)
