import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 10)
        self.drop = nn.Dropout(p=0.75)

    def forward(self, x):
        return F.dropout(self.drop(self.fc(x)), 0.6, training=self.training)
