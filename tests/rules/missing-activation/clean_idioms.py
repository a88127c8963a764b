import torch.nn as nn
from tensorflow import keras
from tensorflow.keras import layers

a = keras.Sequential([
    layers.Dense(64),
    layers.Activation("relu"),
    layers.Dense(10, activation="softmax"),
])
b = keras.Sequential([
    layers.Conv2D(32, 3, use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.Flatten(),
    layers.Dense(10),
])
c = nn.Sequential(nn.Conv2d(3, 16, 3, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 10)
        self.fc2 = nn.Linear(10, 2)

    def forward(self, x):
        return self.fc2(nn.functional.relu(self.fc1(x)))
