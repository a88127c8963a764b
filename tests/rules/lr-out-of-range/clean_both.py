import torch
from tensorflow import keras

model = torch.nn.Linear(4, 2)
a = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
b = torch.optim.Adam(model.parameters(), lr=3e-4)
c = torch.optim.Adadelta(model.parameters(), lr=1.0)
d = keras.optimizers.Adam(learning_rate=1e-3)
e = torch.optim.AdamW(model.parameters())
