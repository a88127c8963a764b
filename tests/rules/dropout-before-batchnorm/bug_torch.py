import torch.nn as nn

head = nn.Sequential(
    nn.Linear(512, 128),
    nn.ReLU(),
    nn.Dropout(0.3),
    nn.BatchNorm1d(128),
    nn.Linear(128, 10),
)
