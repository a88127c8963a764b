// output-activation-loss-mismatch (ML204): the output activation and the loss disagree about
// the task (sigmoid with a multi-class loss, softmax with a binary or regression loss).
// A linear output with a probability loss is missing-softmax; softmax with a logits loss is
// double-softmax. Only combinations that are wrong whatever the data are reported.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Checks that the model's output activation matches what its loss is for:

| output | loss | reported |
|---|---|---|
| sigmoid over several units | categorical cross-entropy | yes: the outputs do not sum to 1 |
| softmax over more than 2 units | binary cross-entropy | yes: unless it is multi-label, where sigmoid is needed |
| softmax | MSE / MAE / Huber (regression) | yes: regression targets are not a distribution |
| sigmoid | `nn.CrossEntropyLoss` / `nn.NLLLoss` | yes: these expect logits / log-probabilities |

A linear output with a probability loss is reported by `missing-softmax`, and a softmax
before a loss that applies it again by `double-softmax`.

## Why is this bad?
The loss is minimised over outputs that cannot represent the targets, so the model converges
to a poor solution (or not at all), and nothing fails at run time.

## Example
```python
model.add(Dense(10, activation="sigmoid"))
model.compile(loss="categorical_crossentropy", optimizer="adam")
```

Use instead:
```python
model.add(Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam")
```
(or `loss="binary_crossentropy"` if each sample can have several labels).

## Fix safety
Both alternatives (change the activation, or change the loss) are unsafe: which one is right
depends on the task (single-label vs multi-label), which the code does not say.

## References
- [Keras losses: probabilistic losses](https://keras.io/api/losses/probabilistic_losses/)
- AUTOTRAINER `improper_loss` / `activation_output`; NeuraLint f012/f017
)md";

void keras(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  auto loss = kerasLoss(c, m);
  if (!loss || !loss->fromLogits || *loss->fromLogits) return;
  auto out = outputActivation(loss->network->chain);
  if (!out || out->weight >= loss->network->chain.ops.size()) return;
  const Layer& w = loss->network->chain.ops[out->weight];
  const Layer& op = loss->network->chain.ops[out->at];
  const LossTask task = loss->spec->task;
  std::string why;
  std::string newAct;
  std::string newLoss;
  if (out->activation == "sigmoid" && task == LossTask::Multiclass && w.units && *w.units > 1) {
    why = "sigmoid outputs over " + formatNumber(*w.units) + " units do not sum to 1 but " + lossLabel(m, loss->definition) +
          " expects a probability distribution";
    newAct = "softmax";
    newLoss = "binary_crossentropy";
  } else if (out->activation == "softmax" && task == LossTask::Binary && w.units && *w.units > 2) {
    why = "softmax makes the " + formatNumber(*w.units) + " outputs compete but " + lossLabel(m, loss->definition) +
          " scores each output independently";
    newAct = "sigmoid";
    newLoss = loss->spec->name.find('.') == std::string_view::npos ? "categorical_crossentropy" : "";
  } else if (out->activation == "softmax" && task == LossTask::Regression) {
    why = "softmax outputs sum to 1, which regression targets of " + lossLabel(m, loss->definition) + " do not";
    newAct = "linear";
  } else {
    return;
  }
  Finding f;
  f.range = out->embedded && op.activationArg ? op.activationArg.range() : op.node.range();
  f.why = why;
  f.related.push_back(relatedAt(loss->expr, "the loss"));
  if (out->embedded) {
    if (newAct == "linear") addFix(f, "Remove the softmax activation", Applicability::Unsafe, removeKerasActivation(op, src));
    else addFix(f, "Use activation='" + newAct + "'", Applicability::Unsafe, setKerasActivation(op, newAct));
  }
  if (!newLoss.empty() && loss->isString && ast::contains(c.node, loss->definition)) {
    addFix(f, "Use loss='" + newLoss + "'", Applicability::Unsafe, fixes::replace(loss->definition, "'" + newLoss + "'"));
  }
  ctx.report(std::move(f));
}

void torch(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const auto& loss = torchLossOf(c, ctx);
  if (!loss) return;
  auto out = torchOutput(*loss);
  if (!out) return;
  const Layer& op = loss->chain.ops[out->at];
  std::string why;
  const std::string lossName = snippet(loss->criterion ? loss->criterion : c.node.field("function"), m.source());
  if (out->activation == "sigmoid" && loss->spec->task == LossTask::Multiclass) {
    why = lossName + " expects class scores but receives sigmoid outputs";
  } else if (out->activation == "softmax" && loss->spec->task == LossTask::Regression) {
    why = "softmax outputs sum to 1, which the regression targets of " + lossName + " do not";
  } else {
    return;
  }
  Finding f;
  f.range = op.node.range();
  f.why = why;
  f.related.push_back(relatedAt(c.node, "the loss"));
  ctx.report(std::move(f));
}

void onCall(const CallSite& c, Context& ctx) {
  if (c.method == "compile") keras(c, ctx);
  else torch(c, ctx);
}

}  // namespace

const RuleDef& outputActivationLossMismatch() {
  static const RuleDef kDef{"output-activation-loss-mismatch", "Output activation does not match the loss", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
