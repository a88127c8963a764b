import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
criterion = nn.NLLLoss()


def train_step(x, y, optimizer):
    optimizer.zero_grad()
    loss = criterion(nn.functional.log_softmax(model(x), dim=1), y)
    loss.backward()
    optimizer.step()
