// functional-dropout-always-on (ML406): F.dropout in forward() without training=self.training.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds `F.dropout(x, p)` (and `dropout2d`, `alpha_dropout`, ...) inside the `forward()` of an
`nn.Module` without a `training=` argument.

## Why is this bad?
The functional form does not know the module's mode: its `training` argument defaults to
`True`, so dropout stays on after `model.eval()`. Predictions are random and validation
scores too low, with no error.

## Example
```python
def forward(self, x):
    x = F.relu(self.fc1(x))
    x = F.dropout(x, p=0.5)
    return self.fc2(x)
```

Use instead:
```python
def forward(self, x):
    x = F.relu(self.fc1(x))
    x = F.dropout(x, p=0.5, training=self.training)
    return self.fc2(x)
```
or register an `nn.Dropout(0.5)` module in `__init__`.

## Fix safety
Adding `training=self.training` is safe: training behaviour is unchanged, evaluation becomes deterministic.

## References
- [torch.nn.functional.dropout](https://pytorch.org/docs/stable/generated/torch.nn.functional.dropout.html): "training: apply dropout if is True. Default: True"
)md";

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const std::string& k = c.callee;
  if (k != "torch.nn.functional.dropout" && k != "torch.nn.functional.dropout1d" && k != "torch.nn.functional.dropout2d" &&
      k != "torch.nn.functional.dropout3d" && k != "torch.nn.functional.alpha_dropout" &&
      k != "torch.nn.functional.feature_alpha_dropout") {
    return;
  }
  if (ast::hasSplat(c.node) || ast::keywordArgument(c.node, "training", src) || ast::positionalCount(c.node) >= 3) return;
  Node fn = ast::enclosingFunction(c.node);
  if (!fn || fn.field("name").text(src) != "forward") return;
  const ClassInfo* k2 = m.enclosingClassInfo(c.node);
  if (!k2 || k2->framework != Framework::Torch) return;
  const Scope& s = m.scopes()[static_cast<std::size_t>(m.scopeOf(c.node))];
  const std::string self = s.params.empty() || s.params[0].empty() ? "self" : s.params[0];
  Finding f;
  f.range = c.node.field("function").range();
  f.why = std::string(c.node.field("function").text(src)) + " defaults to training=True, so dropout stays on after model.eval()";
  addFix(f, "Add training=" + self + ".training", Applicability::Safe, fixes::addArgument(c.node, "training=" + self + ".training"));
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& functionalDropoutAlwaysOn() {
  static const RuleDef kDef{"functional-dropout-always-on", "Functional dropout ignores eval mode", kDoc,
                            FixAvailability::Always, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
