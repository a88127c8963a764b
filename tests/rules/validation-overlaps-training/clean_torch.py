import torch
from torch.utils.data import DataLoader, Subset, random_split
from torchvision import datasets, transforms

dataset = datasets.MNIST("data", train=True, download=True, transform=transforms.ToTensor())
test_set = datasets.MNIST("data", train=False, transform=transforms.ToTensor())
train_ds, val_ds = random_split(dataset, [50000, 10000])
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=256)
test_loader = DataLoader(test_set, batch_size=256)

# Accuracy on the training data, on purpose: named for training, so not reported.
train_eval_loader = DataLoader(train_ds, batch_size=256)

fashion = datasets.FashionMNIST("data", train=True, download=True, transform=transforms.ToTensor())
head = Subset(fashion, range(1000))
tail = Subset(fashion, range(1000, 2000))
train_small = DataLoader(head, batch_size=32, shuffle=True)
val_small = DataLoader(tail, batch_size=32)


def run(model, criterion, optimizer):
    for x, y in train_loader:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        for loader in (val_loader, test_loader, train_eval_loader, val_small):
            for x, y in loader:
                model(x)
