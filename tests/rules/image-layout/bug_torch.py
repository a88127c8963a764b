import numpy as np
import torch
from tensorflow import keras
from torchvision import datasets

trainset = datasets.CIFAR10("data", train=True, download=True)
images = torch.from_numpy(trainset.data).float() / 255
x = images.view(-1, 3, 32, 32)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_np = x_train.astype("float32").reshape(-1, 3, 32, 32)
x_t = torch.reshape(torch.tensor(x_test[:100]), (100, 3, 32, 32))
