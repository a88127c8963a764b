import torch.nn as nn

features = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU())
mlp = nn.Sequential(nn.Linear(10, 64), nn.BatchNorm1d(64), nn.ReLU())
