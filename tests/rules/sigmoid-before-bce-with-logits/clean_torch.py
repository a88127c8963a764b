import torch
import torch.nn as nn

criterion = nn.BCEWithLogitsLoss()


def loss_of(logits, y):
    prob = torch.sigmoid(logits)
    return criterion(logits, y), prob
