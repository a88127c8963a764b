// missing-flatten (ML505): a Dense/Linear layer applied to a 4-D convolution output.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Follows the rank of the tensor through a model's layer sequence: after a 2-D/3-D convolution
or spatial pooling it is an image batch, after `Flatten` / global pooling a matrix. A `Dense`
or `nn.Linear` applied while the tensor is still an image batch is reported. A reshape, a
custom layer or anything else the analysis does not know ends the tracking.

## Why is this bad?
Keras applies `Dense` to the last axis only: on `(batch, h, w, c)` it produces
`(batch, h, w, units)`, so the "classifier" is applied per pixel and the loss compares the
wrong shapes (or broadcasts silently). In PyTorch the shapes do not match and the forward pass fails.

## Example
```python
layers.Conv2D(32, 3, activation="relu"),
layers.MaxPooling2D(),
layers.Dense(10, activation="softmax"),
```

Use instead:
```python
layers.Conv2D(32, 3, activation="relu"),
layers.MaxPooling2D(),
layers.Flatten(),
layers.Dense(10, activation="softmax"),
```

## Fix safety
Inserting `Flatten()` before the layer in a layer list is unsafe: global pooling may be the
better choice, and the next layer's input size changes.

## References
- [Keras Dense layer](https://keras.io/api/layers/core_layers/dense/): "If the input to the layer has a rank greater than 2, Dense computes the dot product between the inputs and the kernel along the last axis"
- NeuraLint rule f011
)md";

bool spatial(const Layer& l) {
  const std::string& n = l.name;
  if (l.kind == LayerKind::Weight) {
    return n.find("Conv2D") != std::string::npos || n.find("Conv3D") != std::string::npos ||
           n.find("Conv2d") != std::string::npos || n.find("Conv3d") != std::string::npos ||
           n.find("Convolution2D") != std::string::npos;
  }
  if (l.kind == LayerKind::Pooling) return n.find("2D") != std::string::npos || n.find("2d") != std::string::npos;
  return false;
}

void onNetwork(const Network& net, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (net.style != Network::Style::KerasSequential && net.style != Network::Style::TorchSequential) return;
  bool image = false;
  for (const Layer& l : net.chain.ops) {
    if (l.conditional || !l.known()) return;
    if (spatial(l)) {
      image = true;
      continue;
    }
    if (l.kind == LayerKind::Flatten || l.kind == LayerKind::GlobalPooling) {
      image = false;
      continue;
    }
    if (l.kind == LayerKind::Activation || l.kind == LayerKind::Normalization || l.kind == LayerKind::Dropout ||
        l.kind == LayerKind::Pooling) {
      continue;
    }
    if (l.isWeight() && image && (l.name.ends_with("Dense") || l.name.ends_with("Linear"))) {
      Finding f;
      f.range = l.node.range();
      f.why = snippet(l.node, src) + " receives a 4-D convolution output; nothing flattens it first";
      Node fn = l.node.is("call") ? l.node.field("function") : Node{};
      if (fn && fn.is("attribute") && inLayerList(l.node)) {
        const std::string flatten = std::string(fn.field("object").text(src)) + ".Flatten()";
        addFix(f, "Insert " + flatten + " before it", Applicability::Unsafe, Edit::insertion(l.node.begin(), flatten + ", "));
      }
      ctx.report(std::move(f));
      return;
    }
    if (!l.isWeight() || !spatial(l)) return;  // anything else: the rank is no longer known
  }
}

}  // namespace

const RuleDef& missingFlatten() {
  static const RuleDef kDef{"missing-flatten", "Dense layer applied to an unflattened convolution output", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onNetwork = onNetwork}};
  return kDef;
}

}  // namespace mlide::checks::rules
