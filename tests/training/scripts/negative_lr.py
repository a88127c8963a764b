# A linear-decay schedule written for 3 epochs, run for 6: from epoch 3 on the learning rate is
# zero, then negative, and SGD climbs the loss instead of descending it.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import mlide_client

torch.manual_seed(0)
x = torch.randn(64, 4)
y = torch.randint(0, 2, (64,))
train = DataLoader(TensorDataset(x, y), batch_size=16)

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: 1 - e / 3)  # expect: lr-out-of-range
criterion = nn.CrossEntropyLoss()
run = mlide_client.attach(model, optimizer, name="negative-lr", scheduler=scheduler, loss=criterion)

for epoch in range(6):
    total = 0.0
    for xb, yb in train:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    run.log(loss=total / len(train))
    scheduler.step()
run.finish()
