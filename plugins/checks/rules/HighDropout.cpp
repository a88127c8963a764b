// high-dropout (ML301): a dropout rate above the threshold (default 0.5).
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds dropout layers and calls (`Dropout(0.8)`, `nn.Dropout(p=0.9)`, `F.dropout(x, 0.7)`)
whose rate is strictly above the maximum (0.5 unless `max-dropout` / `checks.maxDropout` says
otherwise): `Dropout(0.5)`, the usual upper end, is not reported. The rate is the fraction of
units *dropped* in both frameworks.

## Why is this bad?
Dropping most units on every step leaves too little signal to learn from: training accuracy
stays low and the network underfits. Typical rates are 0.1–0.5 (0.2–0.3 for dense layers).
A rate meant as "keep probability" (TF1's `keep_prob`) is a common source of this bug.

## Example
```python
model.add(Dropout(0.8))
```

Use instead:
```python
model.add(Dropout(0.2))
```

## Fix safety
Replacing the rate with 0.5 is unsafe: the right value is a tuning decision, and a high
rate may be intended for a very wide layer.

## References
- Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from Overfitting", JMLR 2014
- Umlaut check `check_dropout_p_less_than_half`
)md";

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  Node arg;
  std::string name;
  if (auto l = m.layerAt(c.node); l && l->kind == LayerKind::Dropout) {
    if (l->name.find("Gaussian") != std::string::npos) return;  // its rate is a noise level
    arg = ast::argument(c.node, 0, l->framework == Framework::Keras ? "rate" : "p", src);
    name = l->displayName();
  } else if (c.callee == "torch.nn.functional.dropout" ||
             c.callee == "torch.nn.functional.dropout2d" ||
             c.callee == "torch.nn.functional.dropout1d" ||
             c.callee == "torch.nn.functional.dropout3d" || c.callee == "torch.dropout" ||
             c.callee == "tensorflow.nn.dropout") {
    arg = ast::argument(c.node, 1, c.callee == "tensorflow.nn.dropout" ? "rate" : "p", src);
    name = std::string(c.node.field("function").text(src));
  } else {
    return;
  }
  if (!arg) return;
  auto rate = m.evalNumber(arg);
  // Strictly above, as in Umlaut and the catalogue (> 0.5): Dropout(0.5) is idiomatic.
  if (!rate || *rate <= ctx.thresholds().maxDropout || *rate > 1) return;
  Finding f;
  f.range = arg.range();
  f.why = name + " drops " + formatNumber(*rate * 100) + "% of the units on every step (maximum " +
          formatNumber(ctx.thresholds().maxDropout) + "); the network will underfit";
  Node lit = m.literalOf(arg);
  if (lit && !(lit == ast::unparen(arg)))
    f.related.push_back(relatedAt(lit, "the rate is set here"));
  if (lit)
    addFix(f, "Use a rate of " + formatNumber(ctx.thresholds().maxDropout), Applicability::Unsafe,
           fixes::replace(lit, formatNumber(ctx.thresholds().maxDropout)));
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& highDropout() {
  static const RuleDef kDef{"high-dropout", "High dropout rate", kDoc, FixAvailability::Sometimes,
                            RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
