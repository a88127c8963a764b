// scheduler-before-optimizer-step: PyTorch's lr_scheduler.step() order warning.
#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/ForwardedWarnings.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Forwards PyTorch's runtime warning "Detected call of `lr_scheduler.step()` before
`optimizer.step()`" as a diagnostic on the line of your code that stepped the scheduler.

## Why is this bad?
Since PyTorch 1.1 the scheduler must be stepped after the optimizer. In the old order the first
value of the schedule is skipped, so every epoch runs with the rate meant for the next one.

## Example
```python
for x, y in loader:
    scheduler.step()
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
```

Use instead:
```python
for x, y in loader:
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
    scheduler.step()
```

## References
- [How to adjust the learning rate (torch.optim)](https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate)
)md";

void check(const RunHistory& h, const DynamicConfig&, std::vector<DynamicFinding>& out) {
  DynamicFinding proto;
  proto.slug = "scheduler-before-optimizer-step";
  proto.severity = Severity::Warning;
  proto.anchor = Anchor::Scheduler;
  reportForwardedWarnings(h, {"lr_scheduler.step()", "optimizer.step()"}, proto,
                          "Scheduler stepped before the optimizer", out);
}

}  // namespace

const DynamicRule& schedulerBeforeOptimizer() {
  static const DynamicRule kRule{"", "scheduler-before-optimizer-step",
                                 "LR scheduler stepped before the optimizer", Severity::Warning,
                                 kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
