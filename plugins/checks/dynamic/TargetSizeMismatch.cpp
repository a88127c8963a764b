// regression-target-broadcast: PyTorch's "target size different to the input size" warning.
#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/ForwardedWarnings.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Forwards PyTorch's runtime warning "Using a target size that is different to the input size",
raised by `MSELoss`, `L1Loss` and friends, as a diagnostic on the line of your code that
computed the loss.

It is not checked in source: the mismatch needs the shapes of both sides. A model's `(N, 1)`
output shows in a final `nn.Linear(k, 1)`, but the target's shape comes from the data (a
`TensorDataset`, a CSV column, a `.view(-1, 1)` in another module) and is rarely visible in the
file, so a source check would have to guess; the warning PyTorch raises is exact.

## Why is this bad?
An output of shape `(N, 1)` against a target of shape `(N,)` broadcasts to `(N, N)`: the loss
compares every prediction with every target. It trains without an error and converges to the
mean of the targets.

## Example
```python
loss = criterion(model(x), y)          # (N, 1) vs (N,)
```

Use instead:
```python
loss = criterion(model(x).squeeze(1), y)
```

## References
- [torch.nn.MSELoss](https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html)
- [Broadcasting semantics](https://pytorch.org/docs/stable/notes/broadcasting.html)
)md";

void check(const RunHistory& h, const DynamicConfig&, std::vector<DynamicFinding>& out) {
  DynamicFinding proto;
  proto.slug = "regression-target-broadcast";
  proto.severity = Severity::Error;
  proto.anchor = Anchor::Loss;
  reportForwardedWarnings(h, {"target size", "different to the input size"}, proto,
                          "Loss input and target shapes broadcast", out);
}

}  // namespace

const DynamicRule& targetSizeMismatch() {
  static const DynamicRule kRule{"", "regression-target-broadcast",
                                 "Loss input/target shapes broadcast silently", Severity::Error,
                                 kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
