// input-not-normalized: the first batch of an epoch holds values far outside [-1, 1].
#include <algorithm>
#include <cmath>

#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Looks at the statistics of the first input batch of each epoch (min, max, mean, std, dtype) and
flags inputs that look unscaled: whole numbers above 1 in a float or `uint8` tensor (raw pixel
values 0-255), or any value whose magnitude exceeds `training.inputMaxAbs` (default 10).

## Why is this bad?
Networks are initialised for inputs of roughly unit scale. Raw pixel values saturate
activations, make the first layer's gradients hundreds of times larger than the others and
force a tiny learning rate; training is slow or diverges. Integer token ids fed to an embedding
are not flagged (their dtype is an integer type). This is a heuristic: data that is
deliberately unscaled (counts, physical units with a BatchNorm first layer) can trigger it.

## Example
```python
(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
model.fit(x_train, y_train, epochs=5)
```

Use instead:
```python
x_train = x_train / 255.0
model.fit(x_train, y_train, epochs=5)
```
In PyTorch, add `transforms.Normalize(mean, std)` after `transforms.ToTensor()`, or divide the
tensor before building the `TensorDataset`.

## References
- [TensorFlow: preprocess the data](https://www.tensorflow.org/tutorials/keras/classification#preprocess_the_data)
- [torchvision.transforms.Normalize](https://pytorch.org/vision/stable/generated/torchvision.transforms.Normalize.html)
)md";

bool isIntegerDtype(const std::string& d) {
  return d.rfind("int", 0) == 0 || d == "long" || d == "short" || d == "bool";
}

void check(const RunHistory& h, const DynamicConfig& cfg, std::vector<DynamicFinding>& out) {
  DynamicFinding f;
  f.slug = "input-not-normalized";
  f.severity = Severity::Error;
  f.anchor = Anchor::DataScaling;
  const InputStats* first = nullptr;
  bool pixels = true;
  for (const InputStats& s : h.inputs) {
    if (!std::isfinite(s.min) || !std::isfinite(s.max) || isIntegerDtype(s.dtype)) continue;
    const double mag = std::max(std::fabs(s.min), std::fabs(s.max));
    const bool rawWhole = s.integral && s.max > 1.0;
    if (!rawWhole && mag <= cfg.inputMaxAbs) continue;
    addEpoch(f.epochs, s.epoch);
    if (!first) first = &s;
    pixels = pixels && rawWhole && s.min >= 0 && s.max <= 255;
  }
  if (!first) return;
  f.message = "Input values look unscaled: the first batch of epoch " + std::to_string(first->epoch) +
              " ranges over [" + fmt(first->min) + ", " + fmt(first->max) + "] (mean " +
              fmt(first->mean) + ", std " + fmt(first->std) +
              (first->dtype.empty() ? "" : ", " + first->dtype) + ")";
  if (pixels) {
    f.message += "; whole numbers up to 255 look like raw pixels: divide by 255";
    f.inputScale = 255.0;
  } else {
    f.message += "; networks train best on inputs of unit scale: standardize or rescale them";
  }
  out.push_back(std::move(f));
}

}  // namespace

const DynamicRule& inputNotNormalized() {
  static const DynamicRule kRule{"", "input-not-normalized", "Input values look unscaled",
                                 Severity::Error, kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
