import torch


def saliency(model, x, target):
    model.eval()
    x = x.clone().requires_grad_(True)
    score = model(x)[0, target]
    score.backward()
    return x.grad.abs().max(dim=1)[0]
