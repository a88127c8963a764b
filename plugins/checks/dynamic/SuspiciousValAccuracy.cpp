// suspicious-val-accuracy: validation accuracy very high, or well above training accuracy.
#include <cmath>

#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
From epoch `training.valAccuracyFromEpoch` on (default 3, counted from the first logged
epoch), reports validation accuracy above `max-val-accuracy` in `[tool.mlide]` (the setting
`checks.valAccuracyLimit`, default 0.95) and validation accuracy more than
`training.valAboveTrainMargin` (default 0.05) above training accuracy.

## Why is this bad?
It may be nothing: an easy data set reaches 95 %, and dropout or augmentation lower the
training accuracy Keras reports. But it is also what leakage looks like: validation samples
taken from the training set, duplicated rows, a label that leaks into a feature, or a
preprocessing step fitted on all the data. Check the accuracy on a held-out test set and
inspect some predictions before trusting the number.

## Example
```python
model.fit(x_train, y_train, validation_data=(x_train[:100], y_train[:100]))
```

Use instead:
```python
model.fit(x_train, y_train, validation_split=0.2)   # or a held-out (x_val, y_val)
```

## References
- [Data leakage (scikit-learn common pitfalls)](https://scikit-learn.org/stable/common_pitfalls.html#data-leakage)
)md";

void check(const RunHistory& h, const DynamicConfig& cfg, std::vector<DynamicFinding>& out) {
  DynamicFinding high, above;
  high.slug = above.slug = "suspicious-val-accuracy";
  high.key = "high";
  above.key = "above-train";
  high.severity = above.severity = Severity::Info;
  high.anchor = above.anchor = Anchor::ValidationData;
  double firstHigh = 0, firstVal = 0, firstTrain = 0;
  for (std::size_t i = 0; i < h.epochs.size(); ++i) {
    if (static_cast<int>(i) < cfg.valAccuracyFromEpoch) continue;
    auto v = metricValue(h.epochs[i], Metric::ValAccuracy);
    if (!v || !std::isfinite(*v)) continue;
    if (*v > cfg.valAccuracyMax) {
      if (high.epochs.empty()) firstHigh = *v;
      addEpoch(high.epochs, h.epochs[i].epoch);
    }
    auto t = metricValue(h.epochs[i], Metric::TrainAccuracy);
    if (t && std::isfinite(*t) && *v - *t > cfg.valAboveTrainMargin) {
      if (above.epochs.empty()) {
        firstVal = *v;
        firstTrain = *t;
      }
      addEpoch(above.epochs, h.epochs[i].epoch);
    }
  }
  if (!high.epochs.empty()) {
    high.message = "Validation accuracy " + fmt(firstHigh) + " at epoch " +
                   std::to_string(high.epochs.front()) +
                   " is suspiciously high: check that validation data does not overlap "
                   "training data (it may also just be an easy task)";
    out.push_back(std::move(high));
  }
  if (!above.epochs.empty()) {
    above.message = "Validation accuracy " + fmt(firstVal) + " is above training accuracy " +
                    fmt(firstTrain) + " at epoch " + std::to_string(above.epochs.front()) +
                    ": dropout or augmentation can explain it, leakage between the splits "
                    "too";
    out.push_back(std::move(above));
  }
}

}  // namespace

const DynamicRule& suspiciousValAccuracy() {
  static const DynamicRule kRule{"", "suspicious-val-accuracy", "Check validation accuracy",
                                 Severity::Info, kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
