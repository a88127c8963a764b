// double-softmax: Keras' "received from_logits=True, but ... does not represent logits" warning.
#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/ForwardedWarnings.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Forwards Keras' runtime warning "`...crossentropy` received `from_logits=True`, but the
`output` argument was produced by a Softmax (or Sigmoid) activation and thus does not represent
logits" as a diagnostic on the line that built the model or called `fit`.

## Why is this bad?
The loss applies softmax (or sigmoid) itself when `from_logits=True`. Applied twice, the
outputs are squashed towards uniform, the gradients shrink, and training is slow and less
accurate, without any error.

## Example
```python
model.add(Dense(10, activation='softmax'))
model.compile(loss=SparseCategoricalCrossentropy(from_logits=True))
```

Use instead:
```python
model.add(Dense(10))
model.compile(loss=SparseCategoricalCrossentropy(from_logits=True))
```

## References
- [tf.keras.losses.SparseCategoricalCrossentropy](https://www.tensorflow.org/api_docs/python/tf/keras/losses/SparseCategoricalCrossentropy)
)md";

void check(const RunHistory& h, const DynamicConfig&, std::vector<DynamicFinding>& out) {
  DynamicFinding proto;
  proto.slug = "double-softmax";
  proto.severity = Severity::Error;
  proto.anchor = Anchor::Loss;
  reportForwardedWarnings(h, {"from_logits=True", "does not represent logits"}, proto,
                          "Activation applied before a loss that expects logits", out);
}

}  // namespace

const DynamicRule& softmaxBeforeLogitsLoss() {
  static const DynamicRule kRule{"", "double-softmax",
                                 "Softmax applied before a loss that already applies it",
                                 Severity::Error, kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
