// overfitting: validation loss rising for several epochs while training loss keeps falling.
#include <algorithm>
#include <cmath>

#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Fires at epoch *e* when, over the last `training.overfittingPatience` epochs (default 3), the
validation loss rose at every epoch while the training loss did not rise, and the validation
loss at *e* is more than `training.overfittingMinRise` (default 2 %) above its best value so
far. Every epoch that meets the condition is reported. Umlaut fired after a single rising
epoch; one noisy epoch is not overfitting.

## Why is this bad?
The model is memorising the training set: each further epoch makes it worse on data it has not
seen. The weights from the best validation epoch were better than the ones training ends with.

## Example
```python
model.fit(x_train, y_train, validation_split=0.2, epochs=200)
```

Use instead:
```python
model.fit(x_train, y_train, validation_split=0.2, epochs=200,
          callbacks=[tf.keras.callbacks.EarlyStopping(monitor='val_loss', patience=3,
                                                      restore_best_weights=True)])
```
In PyTorch keep the best state dict by validation loss, add `weight_decay=` to the optimizer,
add `nn.Dropout`, or train on more (augmented) data.

## References
- [tf.keras.callbacks.EarlyStopping](https://www.tensorflow.org/api_docs/python/tf/keras/callbacks/EarlyStopping)
- [Overfit and underfit (TensorFlow tutorial)](https://www.tensorflow.org/tutorials/keras/overfit_and_underfit)
)md";

void check(const RunHistory& h, const DynamicConfig& cfg, std::vector<DynamicFinding>& out) {
  const int p = std::max(1, cfg.overfittingPatience);
  // Epochs that have both losses, finite.
  std::vector<std::size_t> idx;
  std::vector<double> tr, va;
  for (std::size_t i = 0; i < h.epochs.size(); ++i) {
    auto t = metricValue(h.epochs[i], Metric::TrainLoss);
    auto v = metricValue(h.epochs[i], Metric::ValLoss);
    if (!t || !v || !std::isfinite(*t) || !std::isfinite(*v)) continue;
    idx.push_back(i);
    tr.push_back(*t);
    va.push_back(*v);
  }
  DynamicFinding f;
  f.slug = "overfitting";
  f.severity = Severity::Warning;
  f.anchor = h.model.framework == "keras" ? Anchor::FitCall : Anchor::TrainingLoop;
  std::size_t bestAt = 0, firstHit = 0;
  bool any = false;
  double bestVal = va.empty() ? 0 : va[0];
  for (std::size_t j = 0; j < va.size(); ++j) {
    if (j >= static_cast<std::size_t>(p)) {
      bool rising = true;
      for (std::size_t k = j + 1 - p; k <= j; ++k) rising = rising && va[k] > va[k - 1];
      const bool trainFalling = tr[j] <= tr[j - p];
      const double best = *std::min_element(va.begin(), va.begin() + (j - p + 1));
      const bool aboveBest = va[j] - best > cfg.overfittingMinRise * std::max(std::fabs(best), 1e-12);
      if (rising && trainFalling && aboveBest) {
        if (!any) {
          firstHit = j;
          bestAt = static_cast<std::size_t>(
              std::min_element(va.begin(), va.begin() + (j - p + 1)) - va.begin());
          bestVal = best;
        }
        any = true;
        addEpoch(f.epochs, h.epochs[idx[j]].epoch);
      }
    }
  }
  if (!any) return;
  const int bestEpoch = h.epochs[idx[bestAt]].epoch;
  const int hitEpoch = h.epochs[idx[firstHit]].epoch;
  f.message = "Possible overfitting: validation loss rose from " + fmt(bestVal) + " (epoch " +
              std::to_string(bestEpoch) + ") to " + fmt(va[firstHit]) + " (epoch " +
              std::to_string(hitEpoch) + ") while training loss fell to " + fmt(tr[firstHit]) +
              "; stop at the best validation epoch (early stopping) or regularise";
  out.push_back(std::move(f));
}

}  // namespace

const DynamicRule& overfitting() {
  static const DynamicRule kRule{"", "overfitting", "Validation loss rising while training loss falls",
                                 Severity::Warning, kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
