// missing-softmax (ML201): a probability loss receives the raw output of a linear layer.
//
// Keras: the model's effective output activation is linear (no `activation=`, no trailing
// Activation/Softmax layer) and the loss is a cross-entropy without `from_logits=True`.
// PyTorch: NLLLoss fed a linear output (it expects log-probabilities), BCELoss fed a linear
// output (it expects probabilities). CrossEntropyLoss / BCEWithLogitsLoss expect logits and
// are never reported here.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds models whose last layer is linear (it outputs unnormalised scores, "logits") while the
loss expects probabilities: Keras cross-entropy losses without `from_logits=True`, PyTorch
`NLLLoss` (which expects log-probabilities) and `BCELoss` (which expects probabilities).
The activation is computed from the code: an `activation=` argument, a following
`Activation('softmax')` / `Softmax()` layer, or a `softmax` call all count; the layer name does not.

## Why is this bad?
The loss treats the logits as if they were probabilities. Training still runs, but the loss
is computed on the wrong quantity: gradients are distorted, the loss can be negative or
infinite, and accuracy usually stalls far below what the model can reach. Nothing crashes, so
the bug is easy to miss.

## Example
```python
model = keras.Sequential([
    layers.Dense(128, activation="relu"),
    layers.Dense(10),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
```

Use instead:
```python
model = keras.Sequential([
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
```
or keep the logits and tell the loss: `loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)`.
In PyTorch, feed `F.log_softmax(out, dim=1)` to `NLLLoss`, or use `nn.CrossEntropyLoss()` on the logits.

## Fix safety
Two alternatives are offered because either end may be the mistake. Adding the softmax
(or log-softmax) activation is safe: the loss then receives what it expects. Setting
`from_logits=True` (or switching to `CrossEntropyLoss` / `BCEWithLogitsLoss`) is also correct
but changes what the model's predictions are (logits instead of probabilities), so it is
marked unsafe and not applied by "fix all".

## References
- [tf.keras.losses.SparseCategoricalCrossentropy](https://www.tensorflow.org/api_docs/python/tf/keras/losses/SparseCategoricalCrossentropy)
- [torch.nn.NLLLoss](https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html)
- Umlaut check `check_softmax_computed_before_loss` (re-specified to test the activation, not the layer name)
)md";

void keras(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  auto loss = kerasLoss(c, m);
  if (!loss || loss->spec->input != LossInput::Probabilities || !loss->fromLogits || *loss->fromLogits) return;
  if (loss->spec->task != LossTask::Multiclass && loss->spec->task != LossTask::Binary) return;
  auto out = outputActivation(loss->network->chain);
  if (!out || out->activation != "linear" || out->weight >= loss->network->chain.ops.size()) return;
  const Layer& last = loss->network->chain.ops[out->weight];
  const bool binary = loss->spec->task == LossTask::Binary;
  // Dense(1) with a categorical loss is another bug; do not suggest softmax over one unit.
  if (!binary && last.units && *last.units == 1) return;
  const std::string act = binary ? "sigmoid" : "softmax";
  Finding f;
  f.range = last.node.range();
  if (binary) f.title = "Missing sigmoid before a probability loss";
  f.why = "the output layer " + snippet(last.node, src) + " is linear but " + lossLabel(m, loss->definition) +
          " expects probabilities";
  f.related.push_back(relatedAt(loss->expr, "the loss expects probabilities (from_logits is not set)"));
  addFix(f, "Add activation='" + act + "' to the output layer", Applicability::Safe, setKerasActivation(last, act));
  if (loss->isObject && loss->definition.is("call")) {
    if (loss->fromLogitsArg) {
      addFix(f, "Use from_logits=True", Applicability::Unsafe, fixes::replace(loss->fromLogitsArg.field("value"), "True"));
    } else {
      addFix(f, "Use from_logits=True", Applicability::Unsafe, fixes::addArgument(loss->definition, "from_logits=True"));
    }
  } else if (loss->isString && loss->definition && ast::contains(c.node, loss->definition)) {
    const std::string losses = kerasLosses(m);
    std::string cls;
    const std::string_view name = loss->spec->name;
    if (name == "sparse_categorical_crossentropy") cls = "SparseCategoricalCrossentropy";
    else if (name == "categorical_crossentropy") cls = "CategoricalCrossentropy";
    else if (name == "binary_crossentropy") cls = "BinaryCrossentropy";
    if (!losses.empty() && !cls.empty()) {
      addFix(f, "Use " + losses + "." + cls + "(from_logits=True)", Applicability::Unsafe,
             fixes::replace(loss->definition, losses + "." + cls + "(from_logits=True)"));
    }
  }
  ctx.report(std::move(f));
}

void torch(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const auto& loss = torchLossOf(c, ctx);
  if (!loss) return;
  const bool nll = loss->spec->input == LossInput::LogProbabilities;
  const bool bce = loss->spec->input == LossInput::Probabilities && loss->spec->task == LossTask::Binary;
  if (!nll && !bce) return;
  auto out = torchOutput(*loss);
  if (!out || out->activation != "linear" || out->weight >= loss->chain.ops.size()) return;
  const Layer& last = loss->chain.ops[out->weight];
  Finding f;
  f.range = loss->input.range();
  const std::string lossName = loss->criterion ? snippet(loss->criterion, src) : snippet(c.node.field("function"), src);
  if (nll) {
    f.title = "Missing log_softmax before NLLLoss";
    f.why = "the prediction comes straight from " + last.displayName() + " but " + lossName + " expects log-probabilities";
  } else {
    f.title = "Missing sigmoid before BCELoss";
    f.why = "the prediction comes straight from " + last.displayName() + " but " + lossName + " expects probabilities";
  }
  f.related.push_back(relatedAt(last.node, "the last layer is linear"));
  const std::string F = torchF(m);
  const std::string nn = torchNn(m);
  const std::string input(loss->input.text(src));
  if (nll) {
    if (!F.empty()) addFix(f, "Wrap in " + F + ".log_softmax(..., dim=1)", Applicability::Safe,
                           fixes::replace(loss->input, F + ".log_softmax(" + input + ", dim=1)"));
    if (loss->criterion && !nn.empty()) addFix(f, "Use " + nn + ".CrossEntropyLoss()", Applicability::Unsafe,
                                               fixes::replace(loss->criterion.field("function"), nn + ".CrossEntropyLoss"));
  } else {
    if (loss->criterion && !nn.empty()) addFix(f, "Use " + nn + ".BCEWithLogitsLoss()", Applicability::Safe,
                                               fixes::replace(loss->criterion.field("function"), nn + ".BCEWithLogitsLoss"));
    const std::string torchMod = fixes::spell(m, "torch");
    if (!torchMod.empty()) addFix(f, "Wrap in " + torchMod + ".sigmoid(...)", Applicability::Unsafe,
                                  fixes::replace(loss->input, torchMod + ".sigmoid(" + input + ")"));
  }
  ctx.report(std::move(f));
}

void onCall(const CallSite& c, Context& ctx) {
  if (c.method == "compile") keras(c, ctx);
  else torch(c, ctx);
}

}  // namespace

const RuleDef& missingSoftmax() {
  static const RuleDef kDef{"missing-softmax", "Missing softmax before a probability loss", kDoc,
                            FixAvailability::Always, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
