// nan-loss: a loss metric became NaN or infinite.
#include <cmath>

#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reports the epochs at which any logged loss (`loss`, `val_loss`, ...) is NaN or infinite, and
says whether the inputs were already non-finite (see `nan-in-input`) or the training itself
blew up.

## Why is this bad?
Once the loss is NaN the gradients are NaN and the optimizer writes NaN into every weight; the
rest of the run is wasted. With clean inputs the usual causes are a learning rate that is too
high, exploding gradients, or `log(0)` in a hand-written loss (a softmax followed by `log`
instead of a loss that takes logits).

## Example
```python
optimizer = torch.optim.SGD(model.parameters(), lr=10.0)
```

Use instead:
```python
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
...
loss.backward()
torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
optimizer.step()
```
In Keras, lower `learning_rate` or pass `clipnorm=1.0` to the optimizer; use
`from_logits=True` losses instead of a softmax followed by a logarithm.

## References
- [torch.nn.utils.clip_grad_norm_](https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html)
- [tf.keras.optimizers.Optimizer (clipnorm)](https://www.tensorflow.org/api_docs/python/tf/keras/optimizers/Optimizer)
)md";

void check(const RunHistory& h, const DynamicConfig&, std::vector<DynamicFinding>& out) {
  DynamicFinding f;
  f.slug = "nan-loss";
  f.severity = Severity::Critical;
  f.anchor = Anchor::Optimizer;
  const EpochRecord* first = nullptr;
  std::string metric;
  double bad = 0;
  for (const EpochRecord& r : h.epochs) {
    for (const auto& [name, value] : r.metrics) {
      if (!isLossName(name) || std::isfinite(value)) continue;
      addEpoch(f.epochs, r.epoch);
      if (!first) {
        first = &r;
        metric = name;
        bad = value;
      }
    }
  }
  if (!first) return;
  bool inputBad = false;
  for (const InputStats& s : h.inputs) {
    if (s.epoch <= first->epoch && (s.nanCount || s.infCount)) inputBad = true;
  }
  f.message = "The loss became " + fmt(bad) + " (" + metric + " at epoch " +
              std::to_string(first->epoch) + ")";
  if (inputBad) {
    f.message += "; the input already contained NaN/Inf (see nan-in-input): fix the data first";
    f.anchor = Anchor::DataScaling;
  } else {
    f.message += "; the sampled inputs were finite, so training itself blew up";
    if (first->lr) f.message += ": a learning rate of " + fmt(*first->lr) + " may be too high";
    f.message += "; lower it or clip the gradients";
  }
  out.push_back(std::move(f));
}

}  // namespace

const DynamicRule& nanLoss() {
  static const DynamicRule kRule{"", "nan-loss", "Loss is NaN or infinite", Severity::Critical, kDoc,
                                 &check};
  return kRule;
}

}  // namespace mlide::training::checks
