import torch
import torch.nn as nn

model = nn.Linear(20, 2)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)


def accumulate(loader):
    for x, y in loader:
        criterion(model(x), y).backward()


def train(loader, epochs=3):
    # The caller steps once per pass of accumulate().
    for epoch in range(epochs):
        optimizer.zero_grad()
        accumulate(loader)
        optimizer.step()


def train_engine(engine, loader):
    # A wrapper that owns the optimizer: engine.step() applies the gradients.
    for x, y in loader:
        loss = criterion(engine(x), y)
        engine.backward(loss)
        engine.step()
