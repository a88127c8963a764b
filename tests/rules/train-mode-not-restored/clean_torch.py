import torch


def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()


def fit(model, train_loader, val_loader, criterion, optimizer, epochs):
    for epoch in range(epochs):
        train_one_epoch(model, train_loader, criterion, optimizer)
        model.eval()
        with torch.no_grad():
            for x, y in val_loader:
                criterion(model(x), y)
