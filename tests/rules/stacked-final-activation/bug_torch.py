import torch.nn as nn

model = nn.Sequential(nn.Linear(64, 10), nn.ReLU(), nn.Softmax(dim=1))
