import torch.nn as nn
from tensorflow import keras
from tensorflow.keras import layers

a = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10), layers.Activation("softmax")])
b = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10), nn.Softmax(dim=1))
