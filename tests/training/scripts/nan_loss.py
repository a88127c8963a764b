# A learning rate far too large for plain SGD on a regression: the loss explodes to inf, then NaN.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import mlide_client

torch.manual_seed(0)
x = torch.randn(128, 8)
y = x @ torch.randn(8, 1)
train = DataLoader(TensorDataset(x, y), batch_size=32)

model = nn.Linear(8, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=50.0)  # expect: nan-loss
criterion = nn.MSELoss()
run = mlide_client.attach(model, optimizer, name="nan", loss=criterion)

for epoch in range(8):
    total = 0.0
    for xb, yb in train:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    run.log(loss=total / len(train))
run.finish()
