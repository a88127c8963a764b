import torch.nn as nn
from tensorflow.keras import layers

a = layers.Dropout(0.5)
b = layers.Dropout(0.2)
c = nn.Dropout()
d = nn.Dropout(p=0.1)
e = layers.GaussianDropout(0.8)
