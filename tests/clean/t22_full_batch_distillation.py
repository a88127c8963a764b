# Full-batch distillation: the inner loop accumulates the gradient of the whole data set and
# the epoch loop steps once; the KL term takes log_softmax of the student, softmax of the teacher.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
torch.use_deterministic_algorithms(True)

teacher = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 3))
student = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
data = TensorDataset(torch.randn(256, 8), torch.randint(0, 3, (256,)))
loader = DataLoader(data, batch_size=64, shuffle=True)
optimizer = torch.optim.SGD(student.parameters(), lr=0.1)


def distill_loss(student_logits, teacher_logits, y, t=2.0):
    soft = F.kl_div(F.log_softmax(student_logits / t, dim=1), F.softmax(teacher_logits / t, dim=1),
                    reduction="batchmean") * t * t
    return soft + F.cross_entropy(student_logits, y)


teacher.eval()
for epoch in range(5):
    student.train()
    optimizer.zero_grad()
    for x, y in loader:
        with torch.no_grad():
            t_logits = teacher(x)
        (distill_loss(student(x), t_logits, y) / len(loader)).backward()
    optimizer.step()

student.eval()
with torch.no_grad():
    x, y = data.tensors
    probs = F.softmax(student(x), dim=1)
    entropy = -(probs * torch.log(probs.clamp_min(1e-8))).sum(dim=1).mean()
    print("entropy", entropy.item())
