import torch

x = torch.linspace(-1, 1, 100).unsqueeze(1)
y = x ** 3
model = torch.nn.Sequential(torch.nn.Linear(1, 20), torch.nn.Tanh(), torch.nn.Linear(20, 1))
optimizer = torch.optim.LBFGS(model.parameters(), lr=1)


def closure():
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    return loss


for i in range(20):
    optimizer.step(closure)
