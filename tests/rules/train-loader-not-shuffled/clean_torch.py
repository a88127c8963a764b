from torch.utils.data import DataLoader


def train(model, train_ds, test_ds, criterion, optimizer, sampler):
    loader = DataLoader(train_ds, batch_size=32, shuffle=True)
    sampled = DataLoader(train_ds, batch_size=32, sampler=sampler)
    test_loader = DataLoader(test_ds, batch_size=32)
    for epoch in range(2):
        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
        for i, (x, y) in enumerate(sampled):
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
    return [model(x) for x, _ in test_loader]
