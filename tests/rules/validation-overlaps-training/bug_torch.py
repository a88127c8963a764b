import torch
from torch.utils.data import DataLoader, random_split
from torchvision import datasets, transforms

dataset = datasets.MNIST("data", train=True, download=True, transform=transforms.ToTensor())
train_ds, val_ds = random_split(dataset, [50000, 10000])
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
val_loader = DataLoader(train_ds, batch_size=256)
test_loader = DataLoader(dataset, batch_size=256)


def run(model, criterion, optimizer):
    for x, y in train_loader:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        for x, y in val_loader:
            model(x)


def fit_whole(model, criterion, optimizer, cifar):
    loader = DataLoader(cifar, batch_size=64, shuffle=True)
    valid_loader = DataLoader(cifar, batch_size=64)
    for x, y in loader:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()
    return valid_loader
