// missing-activation (ML202): two weight layers with nothing non-linear between them.
// Normalisation, dropout, pooling, reshapes are looked through; an Activation/ReLU layer, an
// `activation=` argument or an F.relu(...) call count as non-linearities.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds two weight layers (`Dense`, `Conv*`, `nn.Linear`, `nn.ConvNd`) that follow each other
with no non-linearity between them, in a Keras `Sequential` / functional / subclassed model or
a PyTorch `nn.Sequential` / `forward()`. The effective activation is computed: an
`activation=` argument, a following `Activation('relu')` / `ReLU()` layer, or `F.relu(...)`
around the call all count, and BatchNorm, Dropout, pooling and reshapes are looked through.

## Why is this bad?
A composition of linear maps is one linear map: the two layers have the expressive power of
one, however many units they have. Usually an `activation=` was forgotten (Keras `Dense`
defaults to linear).

## Example
```python
model = keras.Sequential([
    layers.Dense(128),
    layers.Dense(10, activation="softmax"),
])
```

Use instead:
```python
model = keras.Sequential([
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
```

## Fix safety
Adding `activation='relu'` (Keras) or inserting `nn.ReLU()` after the layer in an
`nn.Sequential` is unsafe: it changes the model, and another activation may be wanted.

## References
- [Keras Dense layer](https://keras.io/api/layers/core_layers/dense/): "activation: Activation function to use. If you don't specify anything, no activation is applied"
- Umlaut check `check_missing_activations` (re-specified to look through BatchNorm and Activation layers); NeuraLint f009
)md";

void onNetwork(const Network& net, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const auto& ops = net.chain.ops;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (!ops[i].isWeight()) continue;
    const AfterWeight next = afterWeight(ops, i);
    if (next.state != AfterWeight::State::Linear) continue;
    const Layer& a = ops[i];
    const Layer& b = ops[next.at];
    if (a.conditional || b.conditional) continue;
    Finding f;
    f.range = a.node.range();
    f.why = snippet(a.node, src) + " is followed by " + snippet(b.node, src) +
            " with no activation between them, so the two collapse into one linear map";
    f.related.push_back(relatedAt(b.node, "the next linear layer"));
    if (a.framework == Framework::Keras && a.node.is("call")) {
      addFix(f, "Add activation='relu'", Applicability::Unsafe, setKerasActivation(a, "relu"));
    } else if (a.framework == Framework::Torch && inLayerList(a.node) && a.node.parent() == b.node.parent()) {
      const std::string nn = torchNn(m);
      if (!nn.empty()) addFix(f, "Insert " + nn + ".ReLU() after it", Applicability::Unsafe,
                              Edit::insertion(a.node.end(), ", " + nn + ".ReLU()"));
    }
    ctx.report(std::move(f));
  }
}

}  // namespace

const RuleDef& missingActivation() {
  static const RuleDef kDef{"missing-activation", "Consecutive linear layers without an activation", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onNetwork = onNetwork}};
  return kDef;
}

}  // namespace mlide::checks::rules
