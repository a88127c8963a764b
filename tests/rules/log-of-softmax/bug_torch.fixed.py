import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return self.fc(x)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10), nn.LogSoftmax(dim=1))

    def forward(self, x):
        return self.body(x)


net = Net()
clf = Classifier()
ce = nn.CrossEntropyLoss()


def step(x, y):
    logits = net(x)
    log_probs = F.log_softmax(logits, dim=1)
    nll = F.nll_loss(log_probs, y)
    entropy = -(logits.log_softmax(1) * logits.softmax(1)).sum(1).mean()
    loss = ce(clf(x), y)
    loss2 = F.nll_loss(F.log_softmax(logits, dim=1), y)
    # ce is applied to plain logits here, so switching it to NLLLoss is not safe.
    loss3 = ce(logits, y)
    return nll + entropy + loss + loss2 + loss3
