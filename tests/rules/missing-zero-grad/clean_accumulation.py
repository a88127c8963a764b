import torch
import torch.nn as nn

model = nn.Linear(10, 2)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
ACCUM = 4


def train(loader):
    for i, (x, y) in enumerate(loader):
        loss = criterion(model(x), y) / ACCUM
        loss.backward()
        if (i + 1) % ACCUM == 0:
            optimizer.step()
            optimizer.zero_grad()


def train_simple(loader):
    for epoch in range(3):
        for x, y in loader:
            optimizer.zero_grad(set_to_none=True)
            criterion(model(x), y).backward()
            optimizer.step()


def train_manual(loader):
    for x, y in loader:
        for p in model.parameters():
            if p.grad is not None:
                p.grad.zero_()
        criterion(model(x), y).backward()
        optimizer.step()
