import numpy as np
import torch
from tensorflow import keras
from torchvision import datasets

trainset = datasets.CIFAR10("data", train=True, download=True)
images = torch.from_numpy(trainset.data).float() / 255
x = images.permute(0, 3, 1, 2)

(x_train, y_train), _ = keras.datasets.cifar10.load_data()
x_np = np.transpose(x_train, (0, 3, 1, 2))
flat = torch.tensor(x_train).view(-1, 32 * 32 * 3)

# MNIST has no channel axis: adding one with view is right.
digits = datasets.MNIST("data", train=True, download=True)
d = digits.data.view(-1, 1, 28, 28)

# The CIFAR python pickles store each row as 3072 values, channel by channel: view is right.
rows = np.load("cifar_rows.npy")
r = torch.from_numpy(rows).view(-1, 3, 32, 32)
