// sigmoid-bce-unstable (ML209): sigmoid + BCELoss instead of BCEWithLogitsLoss (PyTorch only;
// Keras clips the probabilities, so it is not reported there).
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds PyTorch `nn.BCELoss` / `F.binary_cross_entropy` applied to the output of a sigmoid
call (`torch.sigmoid`, `x.sigmoid()`, `F.sigmoid`) in the training code. A model whose last
layer is `nn.Sigmoid` (a GAN discriminator, a model meant to output probabilities) is not
reported.

## Why is this bad?
This is correct but numerically weaker than `nn.BCEWithLogitsLoss` on the logits: for large
logits the sigmoid saturates to exactly 0 or 1 in float32, `BCELoss` clamps the log to -100,
and the gradient vanishes. `BCEWithLogitsLoss` fuses the two with the log-sum-exp trick.

## Example
```python
prob = torch.sigmoid(model(x))
loss = nn.BCELoss()(prob, y)
```

Use instead:
```python
logits = model(x)
loss = nn.BCEWithLogitsLoss()(logits, y)
```

## Fix safety
The fix removes the sigmoid and switches the loss to `BCEWithLogitsLoss` in one edit. It is
offered only when the sigmoid call is written inside the loss call (so nothing else sees the
value); even then it is unsafe because a `weight` computed for probabilities may need review.

## References
- [torch.nn.BCEWithLogitsLoss](https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html): "more numerically stable than using a plain Sigmoid followed by a BCELoss"
)md";

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const auto& loss = torchLossOf(c, ctx);
  if (!loss || loss->spec->input != LossInput::Probabilities || loss->spec->task != LossTask::Binary) return;
  auto out = torchOutput(*loss);
  if (!out || out->activation != "sigmoid") return;
  const Layer& op = loss->chain.ops[out->at];
  // A model that ends in nn.Sigmoid (a GAN discriminator) is meant to output probabilities.
  if (!op.functional || !(ast::enclosingFunction(op.node) == ast::enclosingFunction(c.node))) return;
  Finding f;
  f.range = op.node.range();
  const std::string lossName = snippet(loss->criterion ? loss->criterion : c.node.field("function"), src);
  f.why = "sigmoid followed by " + lossName + " loses precision for large logits; BCEWithLogitsLoss is stable";
  f.related.push_back(relatedAt(c.node, "the loss"));
  const std::string nn = torchNn(m);
  if (op.functional && ast::contains(c.node, op.node) && loss->criterion && loss->criterion.is("call") && !nn.empty() &&
      !ast::contains(loss->criterion, op.node)) {
    addFix(f, "Use " + nn + ".BCEWithLogitsLoss() on the logits", Applicability::Unsafe,
           std::vector<std::optional<Edit>>{fixes::replace(loss->criterion.field("function"), nn + ".BCEWithLogitsLoss"),
                                            removeActivationOp(op, m)});
  }
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& sigmoidBceUnstable() {
  static const RuleDef kDef{"sigmoid-bce-unstable", "Sigmoid followed by BCELoss is less stable than BCEWithLogitsLoss", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
