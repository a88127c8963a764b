// sigmoid-before-bce-with-logits (ML206): sigmoid applied before a loss that applies it itself.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds a sigmoid applied to the prediction that goes into a loss which applies the sigmoid
itself: PyTorch `nn.BCEWithLogitsLoss` / `F.binary_cross_entropy_with_logits`, and Keras
`BinaryCrossentropy(from_logits=True)` on a model whose last activation is sigmoid.

## Why is this bad?
The loss computes `sigmoid(sigmoid(x))`: every prediction is squeezed into (0.5, 0.73), the
loss can never reach zero and the gradients are small. The model trains badly without any error.

## Example
```python
logits = model(x)
loss = nn.BCEWithLogitsLoss()(torch.sigmoid(logits), y)
```

Use instead:
```python
logits = model(x)
loss = nn.BCEWithLogitsLoss()(logits, y)
```

## Fix safety
Removing a sigmoid call written inside the loss call is safe. Removing a sigmoid layer from
the model, or `from_logits=True` from a Keras loss, changes what the model predicts and is
marked unsafe.

## References
- [torch.nn.BCEWithLogitsLoss](https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html)
- [tf.keras.losses.BinaryCrossentropy](https://www.tensorflow.org/api_docs/python/tf/keras/losses/BinaryCrossentropy)
)md";

void keras(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  auto loss = kerasLoss(c, m);
  if (!loss || !loss->fromLogits || !*loss->fromLogits || !loss->fromLogitsArg) return;
  if (loss->spec->task != LossTask::Binary) return;
  auto out = outputActivation(loss->network->chain);
  if (!out || out->activation != "sigmoid") return;
  const Layer& op = loss->network->chain.ops[out->at];
  Finding f;
  f.range = out->embedded && op.activationArg ? op.activationArg.range() : op.node.range();
  f.why = "the model ends with sigmoid and " + lossLabel(m, loss->definition) + " has from_logits=True, so sigmoid is applied twice";
  f.related.push_back(relatedAt(loss->fromLogitsArg, "from_logits=True: the loss applies sigmoid itself"));
  addFix(f, "Remove from_logits=True", Applicability::Unsafe, fixes::removeArgument(loss->fromLogitsArg, src));
  if (out->embedded) addFix(f, "Remove the sigmoid activation", Applicability::Unsafe, removeKerasActivation(op, src));
  ctx.report(std::move(f));
}

void torch(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const auto& loss = torchLossOf(c, ctx);
  if (!loss || loss->spec->input != LossInput::Logits || loss->spec->task != LossTask::Binary) return;
  auto out = torchOutput(*loss);
  if (!out || out->activation != "sigmoid") return;
  const Layer& op = loss->chain.ops[out->at];
  Finding f;
  f.range = op.node.range();
  const std::string lossName = snippet(loss->criterion ? loss->criterion : c.node.field("function"), m.source());
  f.why = lossName + " applies sigmoid itself; its input must be the raw logits, not " + op.displayName() + "'s output";
  f.related.push_back(relatedAt(c.node, "the loss that applies sigmoid again"));
  const bool local = op.functional && ast::contains(c.node, op.node);
  addFix(f, "Remove the sigmoid", local ? Applicability::Safe : Applicability::Unsafe, removeActivationOp(op, m));
  ctx.report(std::move(f));
}

void onCall(const CallSite& c, Context& ctx) {
  if (c.method == "compile") keras(c, ctx);
  else torch(c, ctx);
}

}  // namespace

const RuleDef& sigmoidBeforeBceWithLogits() {
  static const RuleDef kDef{"sigmoid-before-bce-with-logits", "Sigmoid applied before a loss that applies it again", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
