import torch
import torch.nn as nn


def evaluate(model, loader):
    was_training = model.training
    model.eval()
    total = 0.0
    with torch.inference_mode():
        for x, y in loader:
            total += nn.functional.cross_entropy(model(x), y, reduction="sum").item()
    model.train(was_training)
    return total


def fit(model, train_loader, val_loader, epochs=3):
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=epochs * len(train_loader))
    for epoch in range(epochs):
        model.train()
        for x, y in train_loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
            sched.step()
        evaluate(model, val_loader)
