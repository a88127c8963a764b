import torch.nn as nn
from tensorflow.keras import layers, models

a = models.Sequential([layers.Dense(64, activation="relu"), layers.ReLU(), layers.Dense(10, activation="softmax")])
b = nn.Sequential(nn.Linear(10, 10), nn.Sigmoid(), nn.Sigmoid())
