import torch.nn as nn
import torch.nn.functional as F

head = nn.Softmax()


def probs(logits):
    a = F.softmax(logits)
    b = F.log_softmax(logits, dim=0)
    return a, b
