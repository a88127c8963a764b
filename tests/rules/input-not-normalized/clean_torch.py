import torch
import torchvision.transforms as T
from torchvision import datasets
from torchvision.transforms import v2

scaled = T.Compose([T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize((0.4914, 0.4822, 0.4465), (0.247, 0.243, 0.261))])
train_set = datasets.CIFAR10("data", train=True, download=True, transform=scaled)

folder = datasets.ImageFolder("images/train", transform=v2.Compose([v2.Resize(64), v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]))

converted = datasets.MNIST("data", train=True, transform=T.Compose([T.PILToTensor(), T.ConvertImageDtype(torch.float)]))

# A Lambda may scale: the rule cannot tell, so it stays silent.
custom = datasets.FashionMNIST("data", transform=T.Compose([T.PILToTensor(), T.Lambda(lambda x: x.float() / 255)]))
