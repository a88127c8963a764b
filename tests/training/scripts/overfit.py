# Overfitting on purpose: random labels, a wide network, a tiny training set. The training loss
# falls (memorising), the validation loss climbs.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import mlide_client

torch.manual_seed(0)
x = torch.randn(64, 16)
y = torch.randint(0, 2, (64,))
x_val = torch.randn(256, 16)
y_val = torch.randint(0, 2, (256,))
train = DataLoader(TensorDataset(x, y), batch_size=16, shuffle=True)

model = nn.Sequential(nn.Linear(16, 256), nn.ReLU(), nn.Linear(256, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.CrossEntropyLoss()
run = mlide_client.attach(model, optimizer, name="overfit", loss=criterion, epochs=25)

for epoch in range(25):  # expect: overfitting
    model.train()
    total, correct = 0.0, 0
    for xb, yb in train:
        optimizer.zero_grad()
        out = model(xb)
        loss = criterion(out, yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
        correct += (out.argmax(1) == yb).sum().item()
    model.eval()
    with torch.no_grad():
        out = model(x_val)
        val_loss = criterion(out, y_val).item()
        val_acc = (out.argmax(1) == y_val).float().mean().item()
    run.log(loss=total / len(x), accuracy=correct / len(x), val_loss=val_loss, val_accuracy=val_acc)
run.finish()
