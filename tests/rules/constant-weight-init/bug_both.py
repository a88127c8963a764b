import torch.nn as nn
from tensorflow.keras import layers

dense = layers.Dense(64, activation="relu", kernel_initializer="zeros")
fc = nn.Linear(10, 10)
nn.init.constant_(fc.weight, 0.5)
