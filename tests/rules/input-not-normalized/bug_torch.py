import torch
import torchvision.transforms as T
from torchvision import datasets
from torchvision.transforms import v2

raw = T.Compose([T.RandomHorizontalFlip(), T.PILToTensor()])
train_set = datasets.CIFAR10("data", train=True, download=True, transform=raw)

folder = datasets.ImageFolder("images/train", transform=v2.Compose([v2.Resize(64), v2.ToImage(), v2.ToDtype(torch.float32)]))

digits = datasets.MNIST("data", train=True, download=True, transform=T.PILToTensor())
