import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


class NoisyImages(Dataset):
    def __init__(self, images, labels):
        self.images = images
        self.labels = labels

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        image = self.augment(self.images[i])
        return torch.from_numpy(image), self.labels[i]

    def augment(self, image):
        if np.random.rand() < 0.5:
            image = image[:, ::-1]
        return image + np.random.normal(0, 0.05, image.shape)


class Crops(NoisyImages):
    def __getitem__(self, i):
        top = np.random.randint(0, 4)
        return self.images[i][top:top + 28], self.labels[i]


train_loader = DataLoader(NoisyImages(np.zeros((100, 28, 28)), np.zeros(100)), batch_size=32, shuffle=True, num_workers=4)
crop_set = Crops(np.zeros((100, 32, 28)), np.zeros(100))
crop_loader = DataLoader(crop_set, batch_size=32, shuffle=True, num_workers=2, pin_memory=True)
