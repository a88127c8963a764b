import torch
import torch.nn as nn

model = nn.Linear(20, 2)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)


def accumulate_guarded(loader, k=4):
    optimizer.zero_grad()
    for i, (x, y) in enumerate(loader):
        (criterion(model(x), y) / k).backward()
        if (i + 1) % k == 0:
            optimizer.step()
            optimizer.zero_grad()


def accumulate_whole_epoch(loader, epochs=3):
    # Full-batch gradient: the inner loop only accumulates, the epoch loop steps.
    for epoch in range(epochs):
        optimizer.zero_grad()
        for x, y in loader:
            criterion(model(x), y).backward()
        optimizer.step()


def accumulate_chunks(chunks):
    optimizer.zero_grad()
    for x, y in chunks:
        criterion(model(x), y).backward()
    optimizer.step()


def saliency(x, target):
    # backward() for an attribution map: no training step is wanted.
    x = x.clone().requires_grad_(True)
    model(x)[0, target].backward()
    return x.grad.abs()
