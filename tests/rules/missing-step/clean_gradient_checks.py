import unittest

import torch
import torch.nn as nn


class GradientTests(unittest.TestCase):
    # backward() in a loop only to look at the gradients: the optimizer lives in another
    # method, so this loop has none to step (torch's own distributed tests are full of these).
    def test_grads_accumulate(self):
        net = nn.Linear(4, 4)
        for _ in range(3):
            net(torch.ones(1, 4)).sum().backward()
            self.assertIsNotNone(net.weight.grad)
            net.zero_grad()

    def test_one_training_step(self):
        net = nn.Linear(4, 1)
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        opt.zero_grad()
        net(torch.ones(1, 4)).sum().backward()
        opt.step()


if __name__ == "__main__":
    unittest.main()
