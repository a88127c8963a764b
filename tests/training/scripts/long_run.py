# A steady run of many short epochs, for the restart test: prints each acknowledged sequence.
import sys
import time

import torch
from torch import nn

import mlide_client

EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 40
torch.manual_seed(0)
x = torch.randn(32, 4)
y = x.sum(1, keepdim=True)
model = nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
run = mlide_client.attach(model, optimizer, name="long", verbose=False)
for epoch in range(EPOCHS):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    run.log(loss=loss.item())
    time.sleep(0.05)
    print("acked", run.session.acked_seq, flush=True)
ok = run.finish(timeout=60)
print("finished", ok, run.session.acked_seq, flush=True)
sys.exit(0 if ok else 3)
