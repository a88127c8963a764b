// loss-not-decreasing: training loss flat over a window and little progress since the start.
#include <algorithm>
#include <cmath>

#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Fires at epoch *e* when the training loss stayed within ±`training.stallMinDecrease` (default
5 %) of its value `training.stallWindow` epochs earlier (default 5) **and** has improved by
less than `training.stallMinProgress` (default 10 %) since the first epoch. A model that
learned and then converged is not reported; one that never started learning is.

## Why is this bad?
The optimizer is not making progress: the learning rate is too small (or zero), the inputs are
unscaled, the gradients vanish, the weights are frozen (`requires_grad=False`, an optimizer
built over the wrong parameters), or the labels do not match the outputs. More epochs will not
help.

## Example
```python
optimizer = torch.optim.SGD(model.parameters(), lr=1e-7)
```

Use instead:
```python
optimizer = torch.optim.SGD(model.parameters(), lr=1e-2)
```
Also check that the optimizer receives `model.parameters()` of the model being trained and
that `optimizer.step()` is called.

## References
- [Troubleshooting deep neural networks (Full Stack Deep Learning)](https://fullstackdeeplearning.com/spring2021/lecture-7/)
)md";

void check(const RunHistory& h, const DynamicConfig& cfg, std::vector<DynamicFinding>& out) {
  std::vector<Point> pts;
  for (const Point& p : series(h, Metric::TrainLoss)) {
    if (std::isfinite(p.value)) pts.push_back(p);
  }
  const std::size_t w = static_cast<std::size_t>(std::max(1, cfg.stallWindow));
  DynamicFinding f;
  f.slug = "loss-not-decreasing";
  f.severity = Severity::Warning;
  f.anchor = Anchor::Optimizer;
  if (pts.size() <= w) return;
  const double start = pts[0].value;
  Point stalledAt;
  for (std::size_t j = w; j < pts.size(); ++j) {
    const double base = pts[j - w].value;
    if (base <= 0 || start <= 0) continue;  // negative-loss reports these
    double lo = base, hi = base;
    for (std::size_t k = j - w + 1; k <= j; ++k) {
      lo = std::min(lo, pts[k].value);
      hi = std::max(hi, pts[k].value);
    }
    const bool flat = lo > base * (1 - cfg.stallMinDecrease) && hi < base * (1 + cfg.stallMinDecrease);
    const bool noProgress = pts[j].value > start * (1 - cfg.stallMinProgress);
    if (flat && noProgress) {
      if (f.epochs.empty()) stalledAt = pts[j];
      addEpoch(f.epochs, pts[j].epoch);
    }
  }
  if (f.epochs.empty()) return;
  f.message = "Training loss is not decreasing: " + fmt(start) + " at epoch " +
              std::to_string(pts[0].epoch) + ", still " + fmt(stalledAt.value) + " at epoch " +
              std::to_string(stalledAt.epoch) +
              "; check the learning rate, the input scaling and that the optimizer updates "
              "this model's parameters";
  out.push_back(std::move(f));
}

}  // namespace

const DynamicRule& lossNotDecreasing() {
  static const DynamicRule kRule{"", "loss-not-decreasing", "Training loss is not decreasing",
                                 Severity::Warning, kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
