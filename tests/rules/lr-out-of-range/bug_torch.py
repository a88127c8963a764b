import torch
import torch.nn as nn

model = nn.Linear(4, 2)
sgd = torch.optim.SGD(model.parameters(), lr=10.0)
adam = torch.optim.Adam(model.parameters(), lr=1e-9)
