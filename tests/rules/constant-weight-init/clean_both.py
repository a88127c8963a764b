import torch.nn as nn
from tensorflow.keras import layers

dense = layers.Dense(64, activation="relu", kernel_initializer="he_normal", bias_initializer="zeros")
fc = nn.Linear(10, 10)
bn = nn.BatchNorm1d(10)
nn.init.zeros_(fc.bias)
nn.init.ones_(bn.weight)
nn.init.kaiming_normal_(fc.weight)
