// double-softmax (ML205): softmax applied to the output although the loss applies it itself.
//
// Keras: output activation softmax and `from_logits=True`. PyTorch: the input of
// CrossEntropyLoss / F.cross_entropy ends with a softmax (module or call).
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds a softmax applied to the model output when the loss applies softmax itself: PyTorch
`nn.CrossEntropyLoss` / `F.cross_entropy` (which take unnormalised logits) fed the output of
`nn.Softmax` / `F.softmax`, and Keras cross-entropy losses with `from_logits=True` on a model
whose last activation is softmax.

## Why is this bad?
The loss computes `log_softmax(softmax(x))`. The second softmax squashes the already
normalised values into a narrow range, so gradients become tiny and training is slow or stalls,
while the loss curve looks plausible. Keras prints a warning for it at run time; PyTorch does not.

## Example
```python
model = nn.Sequential(nn.Linear(784, 10), nn.Softmax(dim=1))
criterion = nn.CrossEntropyLoss()
loss = criterion(model(x), y)
```

Use instead:
```python
model = nn.Sequential(nn.Linear(784, 10))
criterion = nn.CrossEntropyLoss()
loss = criterion(model(x), y)
```
Apply `softmax` only where probabilities are needed (at inference).

## Fix safety
Removing a softmax call that only feeds the loss (`criterion(F.softmax(out, dim=1), y)`) is
safe. Removing a softmax layer from the model, or `from_logits=True` from the loss, changes
what the model predicts (logits instead of probabilities) and is marked unsafe.

## References
- [torch.nn.CrossEntropyLoss](https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html): "The input is expected to contain the unnormalized logits for each class"
- [tf.keras.losses.CategoricalCrossentropy](https://www.tensorflow.org/api_docs/python/tf/keras/losses/CategoricalCrossentropy)
)md";

void keras(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  auto loss = kerasLoss(c, m);
  if (!loss || !loss->fromLogits || !*loss->fromLogits || !loss->fromLogitsArg) return;
  if (loss->spec->task != LossTask::Multiclass) return;
  auto out = outputActivation(loss->network->chain);
  if (!out || out->activation != "softmax") return;
  const Layer& op = loss->network->chain.ops[out->at];
  Finding f;
  f.range = out->embedded && op.activationArg ? op.activationArg.range() : op.node.range();
  f.why = "the model ends with softmax and " + lossLabel(m, loss->definition) + " has from_logits=True, so softmax is applied twice";
  f.related.push_back(relatedAt(loss->fromLogitsArg, "from_logits=True: the loss applies softmax itself"));
  addFix(f, "Remove from_logits=True", Applicability::Unsafe, fixes::removeArgument(loss->fromLogitsArg, src));
  if (out->embedded) addFix(f, "Remove the softmax activation", Applicability::Unsafe, removeKerasActivation(op, src));
  else addFix(f, "Remove the Softmax layer", Applicability::Unsafe, removeActivationOp(op, m));
  ctx.report(std::move(f));
}

void torch(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const auto& loss = torchLossOf(c, ctx);
  if (!loss || loss->spec->input != LossInput::Logits || loss->spec->task != LossTask::Multiclass) return;
  auto out = torchOutput(*loss);
  if (!out || out->activation != "softmax") return;
  const Layer& op = loss->chain.ops[out->at];
  Finding f;
  f.range = op.node.range();
  const std::string lossName = snippet(loss->criterion ? loss->criterion : c.node.field("function"), m.source());
  f.why = lossName + " applies log_softmax itself; its input must be the raw logits, not " + op.displayName() + "'s output";
  f.related.push_back(relatedAt(c.node, "the loss that applies softmax again"));
  // A softmax call written inside the loss call only feeds the loss: removing it is safe.
  const bool local = op.functional && ast::contains(c.node, op.node);
  addFix(f, "Remove the softmax", local ? Applicability::Safe : Applicability::Unsafe, removeActivationOp(op, m));
  ctx.report(std::move(f));
}

void onCall(const CallSite& c, Context& ctx) {
  if (c.method == "compile") keras(c, ctx);
  else torch(c, ctx);
}

}  // namespace

const RuleDef& doubleSoftmax() {
  static const RuleDef kDef{"double-softmax", "Softmax applied before a loss that applies it again", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
