// nll-without-log-softmax (ML208): NLLLoss fed probabilities (softmax) instead of log-probabilities.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds `nn.NLLLoss` / `F.nll_loss` whose input is the output of a softmax (`nn.Softmax`,
`F.softmax`, `x.softmax(...)`) rather than of `log_softmax`.

## Why is this bad?
`NLLLoss` expects log-probabilities and simply picks `-input[target]`. Fed probabilities in
[0, 1], the loss is a negative number between -1 and 0, its gradient ignores the other classes,
and the model learns little. The training loss going negative is the usual symptom.

## Example
```python
out = F.softmax(self.fc(x), dim=1)
loss = F.nll_loss(out, target)
```

Use instead:
```python
out = F.log_softmax(self.fc(x), dim=1)
loss = F.nll_loss(out, target)
```

## Fix safety
Replacing `softmax` with `log_softmax` in a call is safe when the value only feeds the loss;
it is marked unsafe when the softmax is part of the model (its predictions change from
probabilities to log-probabilities, though `argmax` is unchanged).

## References
- [torch.nn.NLLLoss](https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html)
- [torch.nn.functional.log_softmax](https://pytorch.org/docs/stable/generated/torch.nn.functional.log_softmax.html)
)md";

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const auto& loss = torchLossOf(c, ctx);
  if (!loss || loss->spec->input != LossInput::LogProbabilities) return;
  auto out = torchOutput(*loss);
  if (!out || out->activation != "softmax") return;
  const Layer& op = loss->chain.ops[out->at];
  Finding f;
  f.range = op.node.range();
  const std::string lossName = snippet(loss->criterion ? loss->criterion : c.node.field("function"), src);
  f.why = lossName + " expects log-probabilities but receives the probabilities of " + op.displayName();
  f.related.push_back(relatedAt(c.node, "the loss that expects log_softmax"));
  const bool local = ast::contains(c.node, op.node) || (op.functional && ast::enclosingFunction(op.node) == ast::enclosingFunction(c.node));
  const Applicability a = local ? Applicability::Safe : Applicability::Unsafe;
  Node fn = op.node.is("call") ? op.node.field("function") : Node{};
  if (fn && op.functional && fn.is("attribute")) {
    Node attr = fn.field("attribute");
    if (attr.text(src) == "softmax") addFix(f, "Use log_softmax", a, fixes::replace(attr, "log_softmax"));
  } else if (fn && !op.functional && fn.text(src).ends_with("Softmax")) {
    Node attr = fn.is("attribute") ? fn.field("attribute") : fn;
    addFix(f, "Use LogSoftmax", Applicability::Unsafe, fixes::replace(attr, "LogSoftmax"));
  }
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& nllWithoutLogSoftmax() {
  static const RuleDef kDef{"nll-without-log-softmax", "NLLLoss receives softmax probabilities instead of log-probabilities",
                            kDoc, FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
