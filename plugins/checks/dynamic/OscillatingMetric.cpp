// oscillating-metric: a loss or accuracy that keeps changing direction by large steps.
#include <algorithm>
#include <cmath>

#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
For the training and validation loss and accuracy, looks at the last
`training.oscillationWindow` epochs (default 8). Changes smaller than
`training.oscillationMinAmplitude` (default 3 % of the window's mean for losses, 0.03 absolute
for accuracies) are ignored; if at least half of the changes are large and at least
`training.oscillationMinFlips` (default 60 %) of consecutive large changes reverse direction,
the metric is reported as oscillating at that epoch.

## Why is this bad?
Steady training moves a metric mostly in one direction with small noise. Large alternating
jumps mean each step overshoots the minimum: the learning rate is too high for the batch size,
the batches are tiny or unshuffled (each batch pulls the model elsewhere), or momentum is too
high. It is Information only: small validation sets are noisy too.

## Example
```python
loader = DataLoader(train_ds, batch_size=2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.99)
```

Use instead:
```python
loader = DataLoader(train_ds, batch_size=64, shuffle=True)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
```

## References
- [AUTOTRAINER: an automatic DNN training problem detection and repair system (ICSE 2021)](https://doi.org/10.1109/ICSE43902.2021.00043)
)md";

struct Named {
  Metric metric;
  const char* name;
  bool accuracy;
};

void check(const RunHistory& h, const DynamicConfig& cfg, std::vector<DynamicFinding>& out) {
  static const Named kMetrics[] = {{Metric::TrainLoss, "training loss", false},
                                   {Metric::ValLoss, "validation loss", false},
                                   {Metric::TrainAccuracy, "training accuracy", true},
                                   {Metric::ValAccuracy, "validation accuracy", true}};
  const std::size_t w = static_cast<std::size_t>(std::max(3, cfg.oscillationWindow));
  for (const Named& m : kMetrics) {
    std::vector<Point> pts;
    for (const Point& p : series(h, m.metric)) {
      if (std::isfinite(p.value)) pts.push_back(p);
    }
    DynamicFinding f;
    f.slug = "oscillating-metric";
    f.key = m.name;
    f.severity = Severity::Info;
    f.anchor = Anchor::Optimizer;
    for (std::size_t j = w - 1; j < pts.size(); ++j) {
      double mean = 0;
      for (std::size_t k = j + 1 - w; k <= j; ++k) mean += std::fabs(pts[k].value);
      mean /= static_cast<double>(w);
      const double minStep = m.accuracy ? cfg.oscillationMinAmplitude : cfg.oscillationMinAmplitude * mean;
      std::vector<int> signs;
      for (std::size_t k = j + 2 - w; k <= j; ++k) {
        const double d = pts[k].value - pts[k - 1].value;
        if (std::fabs(d) >= minStep && d != 0) signs.push_back(d > 0 ? 1 : -1);
      }
      if (signs.size() < 2 || signs.size() * 2 < w - 1) continue;
      std::size_t flips = 0;
      for (std::size_t k = 1; k < signs.size(); ++k) flips += signs[k] != signs[k - 1];
      if (static_cast<double>(flips) >= cfg.oscillationMinFlips * static_cast<double>(signs.size() - 1)) {
        addEpoch(f.epochs, pts[j].epoch);
      }
    }
    if (f.epochs.empty()) continue;
    f.message = std::string("The ") + m.name + " oscillates (" + describeEpochs(f.epochs) +
                "): it keeps reversing direction by large steps; a lower learning rate or a "
                "larger batch usually steadies it";
    out.push_back(std::move(f));
  }
}

}  // namespace

const DynamicRule& oscillatingMetric() {
  static const DynamicRule kRule{"", "oscillating-metric", "Unstable training: metric oscillates",
                                 Severity::Info, kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
