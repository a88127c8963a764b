"""A PyTorch MNIST training script with training-loop bugs that run without any error:
gradients never cleared, softmax before CrossEntropyLoss, functional dropout that stays on
at evaluation, and a model evaluated in training mode."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.bn1 = nn.BatchNorm1d(256)
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.fc1(x.flatten(1))))
        x = F.dropout(x, p=0.3)
        return F.softmax(self.fc2(x), dim=1)


def main():
    torch.manual_seed(0)
    x = torch.randn(512, 1, 28, 28)
    y = torch.randint(0, 10, (512,))
    train_loader = DataLoader(TensorDataset(x, y), batch_size=64)
    test_loader = DataLoader(TensorDataset(x, y), batch_size=256)

    model = Net()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

    for epoch in range(3):
        running_loss = 0.0
        for inputs, targets in train_loader:
            outputs = model(inputs)
            loss = criterion(outputs, targets)
            loss.backward()
            optimizer.step()
            running_loss += loss
        print(f"epoch {epoch}: loss {running_loss / len(train_loader):.3f}")

    correct = 0
    with torch.no_grad():
        for inputs, targets in test_loader:
            correct += (model(inputs).argmax(1) == targets).sum().item()
    print(f"accuracy {correct / len(x):.3f}")


if __name__ == "__main__":
    main()
