// negative-loss: a loss metric below zero.
#include <cmath>

#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reports the epochs at which a logged loss (`loss`, `val_loss`, ...) is below zero.

## Why is this bad?
Cross-entropy, MSE and MAE are never negative. A negative value means the loss receives
something it was not designed for: labels outside {0, 1} in a binary cross-entropy, a
`NLLLoss` fed probabilities instead of log-probabilities, or a custom loss with a sign error.
The optimizer then minimises the wrong quantity, often without bound. Losses that may be
negative by design (a negative log-likelihood of a continuous density, a custom objective)
trigger this too: suppress it for those runs.

## Example
```python
criterion = nn.NLLLoss()
loss = criterion(torch.softmax(logits, dim=1), y)   # probabilities, not log-probabilities
```

Use instead:
```python
criterion = nn.CrossEntropyLoss()
loss = criterion(logits, y)
```

## References
- [torch.nn.NLLLoss](https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html)
- [torch.nn.BCELoss (target range)](https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html)
)md";

void check(const RunHistory& h, const DynamicConfig&, std::vector<DynamicFinding>& out) {
  DynamicFinding f;
  f.slug = "negative-loss";
  f.severity = Severity::Warning;
  f.anchor = Anchor::Loss;
  std::string metric;
  double value = 0;
  for (const EpochRecord& r : h.epochs) {
    for (const auto& [name, v] : r.metrics) {
      if (!isLossName(name) || !(v < 0) || std::isinf(v)) continue;
      if (f.epochs.empty()) {
        metric = name;
        value = v;
      }
      addEpoch(f.epochs, r.epoch);
    }
  }
  if (f.epochs.empty()) return;
  f.message = "Negative loss: " + metric + " = " + fmt(value) + " at epoch " +
              std::to_string(f.epochs.front()) +
              "; check the label range and that the loss gets the outputs it expects "
              "(logits, probabilities or log-probabilities)";
  out.push_back(std::move(f));
}

}  // namespace

const DynamicRule& negativeLoss() {
  static const DynamicRule kRule{"", "negative-loss", "Loss is negative", Severity::Warning, kDoc,
                                 &check};
  return kRule;
}

}  // namespace mlide::training::checks
