# Reproducible training with NumPy augmentation in worker processes: every generator is
# seeded, each worker reseeds NumPy, and gradients are accumulated over 4 batches.
import random

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def seed_worker(worker_id):
    np.random.seed(torch.initial_seed() % 2**32)


class JitteredPoints(Dataset):
    def __init__(self, n=512):
        self.x = np.random.randn(n, 16).astype(np.float32)
        self.y = (self.x[:, 0] > 0).astype(np.int64)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        x = self.x[i] + np.random.normal(0, 0.01, 16).astype(np.float32)
        return torch.from_numpy(x), int(self.y[i])


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(16, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        return F.log_softmax(self.fc2(F.relu(self.fc1(x))), dim=1)


def main(accumulation=4, epochs=2):
    set_seed(0)
    g = torch.Generator()
    g.manual_seed(0)
    loader = DataLoader(JitteredPoints(), batch_size=16, shuffle=True, num_workers=2,
                        worker_init_fn=seed_worker, generator=g)
    model = Net()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        model.train()
        optimizer.zero_grad()
        for i, (x, y) in enumerate(loader):
            loss = F.nll_loss(model(x), y) / accumulation
            loss.backward()
            if (i + 1) % accumulation == 0:
                optimizer.step()
                optimizer.zero_grad()
        print(epoch, loss.item() * accumulation)


if __name__ == "__main__":
    main()
