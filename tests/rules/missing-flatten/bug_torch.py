import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(1, 32, 3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Linear(32 * 13 * 13, 10),
)
