// accuracy-at-chance: accuracy stuck near 1/num_classes after a good part of the run.
#include <algorithm>
#include <cmath>

#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
When the number of classes is known (the client reads it from the last layer, or the user
passes `num_classes=`), reports epochs at which the training accuracy (the validation accuracy
if there is no training accuracy) is within `training.chanceTolerance` (default 0.02) of
1 / classes, once `training.chanceAfterFraction` (default 30 %) of the planned epochs, and at
least `training.chanceMinEpochs` (default 3), have passed.

## Why is this bad?
The model predicts no better than guessing: it has not learned anything about the inputs.
Common causes: labels shuffled independently of the inputs, a loss that does not match the
output (a softmax into a loss that applies it again, a sigmoid on a multi-class output), a
last layer with an activation that clips the logits, or a learning rate far off.

## Example
```python
model.add(Dense(10, activation='relu'))          # relu before softmax cross-entropy
model.compile(loss=SparseCategoricalCrossentropy(from_logits=True))
```

Use instead:
```python
model.add(Dense(10))                              # logits
model.compile(loss=SparseCategoricalCrossentropy(from_logits=True))
```

## References
- [A recipe for training neural networks (A. Karpathy)](https://karpathy.github.io/2019/04/25/recipe/)
)md";

void check(const RunHistory& h, const DynamicConfig& cfg, std::vector<DynamicFinding>& out) {
  const int classes = h.model.numClasses;
  if (classes < 2) return;
  const double chance = 1.0 / classes;
  auto pts = series(h, Metric::TrainAccuracy);
  if (pts.empty()) pts = series(h, Metric::ValAccuracy);
  const int after = std::max(
      cfg.chanceMinEpochs,
      static_cast<int>(std::ceil(cfg.chanceAfterFraction * std::max(0, h.model.plannedEpochs))));
  DynamicFinding f;
  f.slug = "accuracy-at-chance";
  f.severity = Severity::Warning;
  f.anchor = Anchor::Loss;
  double firstAcc = 0;
  for (const Point& p : pts) {
    if (static_cast<int>(p.index) + 1 < after || !std::isfinite(p.value)) continue;
    if (std::fabs(p.value - chance) <= cfg.chanceTolerance) {
      if (f.epochs.empty()) firstAcc = p.value;
      addEpoch(f.epochs, p.epoch);
    }
  }
  if (f.epochs.empty()) return;
  f.message = "Accuracy is at chance level: " + fmt(firstAcc) + " at epoch " +
              std::to_string(f.epochs.front()) + " with " + std::to_string(classes) +
              " classes (chance " + fmt(chance) +
              "); check the labels, the loss and the last layer's activation";
  out.push_back(std::move(f));
}

}  // namespace

const DynamicRule& accuracyAtChance() {
  static const DynamicRule kRule{"", "accuracy-at-chance", "Accuracy stuck at chance level",
                                 Severity::Warning, kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
