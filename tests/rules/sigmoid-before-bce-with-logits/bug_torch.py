import torch
import torch.nn as nn

criterion = nn.BCEWithLogitsLoss()


def loss_of(logits, y):
    return criterion(torch.sigmoid(logits), y)
