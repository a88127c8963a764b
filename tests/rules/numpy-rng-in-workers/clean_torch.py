import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


def seed_worker(worker_id):
    np.random.seed(torch.initial_seed() % 2**32)


class NoisyImages(Dataset):
    def __init__(self, images):
        self.images = images

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        return self.images[i] + np.random.normal(0, 0.05, self.images[i].shape)


class TorchNoise(Dataset):
    def __init__(self, images):
        self.images = images

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        # torch's generator is seeded per worker
        return self.images[i] + 0.05 * torch.randn(self.images[i].shape)


data = np.zeros((100, 28, 28), dtype=np.float32)
seeded = DataLoader(NoisyImages(data), batch_size=32, shuffle=True, num_workers=4, worker_init_fn=seed_worker)
main_process = DataLoader(NoisyImages(data), batch_size=32, shuffle=True, num_workers=0)
torch_rng = DataLoader(TorchNoise(torch.zeros(100, 28, 28)), batch_size=32, shuffle=True, num_workers=4)
