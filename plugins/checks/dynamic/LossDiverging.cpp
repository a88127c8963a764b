// loss-diverging: training loss grows to a multiple of its recent minimum.
#include <algorithm>
#include <cmath>

#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Fires at epoch *e* when the training loss is at least `training.divergeFactor` times (default
2) the smallest loss of the previous `training.divergeWindow` epochs (default 5). Non-finite
losses are left to `nan-loss`.

## Why is this bad?
Gradient descent with a sound setup does not double its loss. A growing loss means the steps
overshoot: the learning rate is too high for this model and batch size, a scheduler raised it,
or gradients exploded (deep or recurrent networks without clipping or normalization). The run
usually ends in NaN.

## Example
```python
optimizer = torch.optim.SGD(model.parameters(), lr=5.0)
```

Use instead:
```python
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
...
torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)   # after loss.backward()
```

## References
- [On the difficulty of training recurrent neural networks (gradient clipping)](https://arxiv.org/abs/1211.5063)
)md";

void check(const RunHistory& h, const DynamicConfig& cfg, std::vector<DynamicFinding>& out) {
  std::vector<Point> pts;
  for (const Point& p : series(h, Metric::TrainLoss)) {
    if (std::isfinite(p.value)) pts.push_back(p);
  }
  const std::size_t w = static_cast<std::size_t>(std::max(1, cfg.divergeWindow));
  DynamicFinding f;
  f.slug = "loss-diverging";
  f.severity = Severity::Warning;
  f.anchor = Anchor::Optimizer;
  double firstMin = 0, firstValue = 0;
  int firstMinEpoch = 0;
  for (std::size_t j = 1; j < pts.size(); ++j) {
    const std::size_t from = j > w ? j - w : 0;
    auto it = std::min_element(pts.begin() + from, pts.begin() + j,
                               [](const Point& a, const Point& b) { return a.value < b.value; });
    if (it->value <= 0) continue;
    if (pts[j].value >= cfg.divergeFactor * it->value) {
      if (f.epochs.empty()) {
        firstMin = it->value;
        firstMinEpoch = it->epoch;
        firstValue = pts[j].value;
      }
      addEpoch(f.epochs, pts[j].epoch);
    }
  }
  if (f.epochs.empty()) return;
  f.message = "Training loss is diverging: " + fmt(firstValue) + " at epoch " +
              std::to_string(f.epochs.front()) + " is " + fmt(firstValue / firstMin) +
              "x the " + fmt(firstMin) + " of epoch " + std::to_string(firstMinEpoch) +
              "; lower the learning rate or clip the gradients";
  out.push_back(std::move(f));
}

}  // namespace

const DynamicRule& lossDiverging() {
  static const DynamicRule kRule{"", "loss-diverging", "Training loss is diverging",
                                 Severity::Warning, kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
