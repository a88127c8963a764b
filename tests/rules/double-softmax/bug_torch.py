import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(784, 10), nn.Softmax(dim=1))
criterion = nn.CrossEntropyLoss()


def losses(x, y, logits):
    a = criterion(model(x), y)
    b = F.cross_entropy(F.softmax(logits, dim=1), y)
    return a + b
