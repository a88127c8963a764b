# Raw pixel values (0-255) fed to a small CNN: the inputs are never divided by 255.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import mlide_client

torch.manual_seed(0)
images = torch.randint(0, 256, (128, 1, 8, 8)).float()  # expect: input-not-normalized
labels = torch.randint(0, 4, (128,))
train = DataLoader(TensorDataset(images, labels), batch_size=32)

model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 4))
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
run = mlide_client.attach(model, optimizer, name="unscaled", loss=criterion)

for epoch in range(3):
    total = 0.0
    for xb, yb in train:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    run.log(loss=total / len(train))
run.finish()
