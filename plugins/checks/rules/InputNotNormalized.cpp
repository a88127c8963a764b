// input-not-normalized (ML101), static side: raw 0..255 images from keras.datasets reach
// model.fit() with no scaling on the way and no Rescaling/Normalization layer in the model.
// The training-session check (plugins/checks/dynamic) reports the same slug from real batches.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Follows the first argument of a Keras `model.fit(x, ...)` back to where it was loaded. When it
comes from `keras.datasets.{mnist,fashion_mnist,cifar10,cifar100}.load_data()` (8-bit pixel
values 0..255) with no arithmetic on the way (`/ 255.0`, `- mean`, an in-place `x /= 255`) and the
model (fully visible in this file) has no `Rescaling` or `Normalization` layer, the input is
reported. During a training session the same rule checks the real batches.

## Why is this bad?
Inputs in the hundreds make the first layer's pre-activations huge: sigmoid/tanh units
saturate, ReLU networks need a much smaller learning rate, and training is slow or unstable.
The network trains, just badly, so the cause is hard to see from the loss curve.

## Example
```python
(x_train, y_train), _ = keras.datasets.mnist.load_data()
model.fit(x_train, y_train, epochs=5)
```

Use instead:
```python
(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train / 255.0
model.fit(x_train, y_train, epochs=5)
```
or start the model with `layers.Rescaling(1.0 / 255)`.

## Fix safety
Inserting `x = x / 255.0` after the load is unsafe: the same scaling must be applied to the
test data and at inference, which the fix does not do for you.

## References
- [TensorFlow tutorial: basic classification, preprocess the data](https://www.tensorflow.org/tutorials/keras/classification#preprocess_the_data)
- Umlaut check `check_input_normalization`
)md";

bool modelScales(const Network& net) {
  if (!net.chain.complete()) return true;  // a layer we do not know may scale
  for (const Layer& l : net.chain.ops) {
    if (l.kind == LayerKind::Preprocessing || l.kind == LayerKind::Other) return true;
  }
  return false;
}

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (c.method != "fit" || !c.callee.empty()) return;
  const Network* net = m.networkOf(ast::receiver(c.node));
  if (!net || !net->isKeras() || modelScales(*net)) return;
  Node x = ast::argument(c.node, 0, "x", src);
  if (!x) return;
  const ArrayOrigin origin = arrayOrigin(x, m);
  if (origin.kind != ArrayOrigin::Kind::RawImages) return;
  Finding f;
  f.range = x.range();
  f.why = std::string(x.text(src)) + " holds raw " + origin.dataset + " pixels (0..255) and nothing scales them before fit()";
  f.related.push_back(relatedAt(origin.load, "loaded here as uint8 values 0..255"));
  Node u = ast::unparen(x);
  if (u.is("identifier")) {
    const Binding* b = m.lookup(u.text(src), u);
    if (b && b->kind == BindingKind::Unpack && b->statement) {
      const std::string name(u.text(src));
      addFix(f, "Insert " + name + " = " + name + " / 255.0 after the load", Applicability::Unsafe,
             fixes::insertLineAfter(b->statement, name + " = " + name + " / 255.0", src));
    }
  }
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& inputNotNormalized() {
  static const RuleDef kDef{"input-not-normalized", "Input values look unscaled", kDoc, FixAvailability::Sometimes,
                            RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
