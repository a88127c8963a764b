import torch.nn as nn

scorer = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1))
criterion = nn.BCEWithLogitsLoss()


def loss_of(x, y):
    return criterion(scorer(x), y)
