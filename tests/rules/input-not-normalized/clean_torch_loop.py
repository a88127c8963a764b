import torch
import torchvision.transforms as T
from torch.utils.data import DataLoader
from torchvision import datasets

# uint8 tensors, scaled in the training loop instead: not reported.
train_set = datasets.MNIST("data", train=True, download=True, transform=T.PILToTensor())
loader = DataLoader(train_set, batch_size=64, shuffle=True)


def train(model, criterion, optimizer):
    for images, labels in loader:
        images = images.float() / 255
        optimizer.zero_grad()
        criterion(model(images), labels).backward()
        optimizer.step()
