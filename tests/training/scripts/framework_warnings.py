# PyTorch's own warnings, raised for real: MSELoss on an output of shape (N, 1) against targets of
# shape (N,) (broadcast), and scheduler.step() called before optimizer.step(). Gradients are
# streamed too; the hidden layer's ReLUs never fire (bias -100), so its gradients are all zero.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import mlide_client

torch.manual_seed(0)
x = torch.randn(128, 8)
y = x.sum(1)  # shape (128,): the model's output is (N, 1)
train = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(8, 16)  # expect: gradient-health
        self.out = nn.Linear(16, 1)
        nn.init.constant_(self.hidden.bias, -100.0)

    def forward(self, v):
        return self.out(torch.relu(self.hidden(v)))


model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10)
criterion = nn.MSELoss()
run = mlide_client.attach(model, optimizer, name="warnings", scheduler=scheduler, loss=criterion, gradients=True)

for epoch in range(4):
    total = 0.0
    for xb, yb in train:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)  # expect: regression-target-broadcast
        loss.backward()
        scheduler.step()  # expect: scheduler-before-optimizer-step
        optimizer.step()
        total += loss.item()
    run.log(loss=total / len(train))
run.finish()
