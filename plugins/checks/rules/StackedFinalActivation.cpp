// stacked-final-activation (ML203): the output layer applies a non-linearity and then a
// softmax/sigmoid follows (Dense(10, activation='relu') + Activation('softmax')).
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds an output layer that applies a non-linear activation of its own (`relu`, `tanh`, ...)
right before the final softmax or sigmoid: `Dense(10, activation='relu')` followed by
`Activation('softmax')`, or `nn.Linear` → `nn.ReLU` → `nn.Softmax` at the end of a model.

## Why is this bad?
The softmax should see unbounded scores. After a ReLU every negative score becomes 0, so
those classes can never be preferred and their gradients die; after tanh the scores are
squeezed into [-1, 1] and the probabilities cannot get close to 0 or 1.

## Example
```python
layers.Dense(10, activation="relu"),
layers.Activation("softmax"),
```

Use instead:
```python
layers.Dense(10),
layers.Activation("softmax"),
```

## Fix safety
Removing the inner activation is unsafe: it changes the model (though almost always for the better).

## References
- Umlaut check `check_no_activation_last_layer` (re-specified: a softmax layer at the end is not a finding by itself)
)md";

void onNetwork(const Network& net, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  auto out = outputActivation(net.chain);
  if (!out || !isProbabilityActivation(out->activation) || out->embedded) return;
  const auto& ops = net.chain.ops;
  // The non-linearity closest before the final probability activation.
  for (std::size_t j = out->at; j-- > 0;) {
    const Layer& op = ops[j];
    if (op.conditional) return;
    if (isTransparent(op.kind)) continue;
    const bool weightAct = op.isWeight() && !op.activation.empty() && op.activation != "linear";
    const bool actOp = op.kind == LayerKind::Activation && !op.activation.empty();
    if (!weightAct && !actOp) return;
    if (op.activation == out->activation || op.activation == "log_softmax") return;  // redundant-activation's case
    Finding f;
    f.range = weightAct && op.activationArg ? op.activationArg.range() : op.node.range();
    f.why = op.activation + " is applied just before the final " + out->activation + ", which then cannot see negative or large scores";
    f.related.push_back(relatedAt(ops[out->at].node, "the final " + out->activation));
    if (weightAct) addFix(f, "Remove activation='" + op.activation + "'", Applicability::Unsafe, removeKerasActivation(op, src));
    else addFix(f, "Remove " + op.displayName(), Applicability::Unsafe, removeActivationOp(op, m));
    ctx.report(std::move(f));
    return;
  }
}

}  // namespace

const RuleDef& stackedFinalActivation() {
  static const RuleDef kDef{"stacked-final-activation", "Non-linear activation stacked before the output softmax", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onNetwork = onNetwork}};
  return kDef;
}

}  // namespace mlide::checks::rules
