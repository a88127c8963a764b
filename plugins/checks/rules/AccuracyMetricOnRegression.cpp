// accuracy-metric-on-regression (ML212): metrics=['accuracy'] with a regression loss.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds a Keras `compile(loss=..., metrics=['accuracy'])` whose loss is a regression loss
(`mse`, `mae`, `huber`, `MeanSquaredError()`, ...).

## Why is this bad?
Accuracy counts exact matches between predictions and targets. For a continuous output it is
almost always 0 (or meaningless), so the metric the user watches says nothing about progress
and invites the wrong conclusions.

## Example
```python
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
```

Use instead:
```python
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
```

## Fix safety
Replacing `'accuracy'` by `'mae'` is unsafe: another regression metric may be wanted, and a
task that is really classification needs a different loss instead.

## References
- [Keras regression metrics](https://keras.io/api/metrics/regression_metrics/)
)md";

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (c.method != "compile" || !c.callee.empty()) return;
  Node lossArg = ast::argument(c.node, 1, "loss", src);
  Node metrics = ast::unparen(ast::keywordValue(c.node, "metrics", src));
  if (!lossArg || !metrics || !(metrics.is("list") || metrics.is("tuple"))) return;
  const LossSpec* spec = nullptr;
  if (auto s = m.evalString(lossArg)) {
    spec = findLoss(*s);
  } else if (Node d = m.definitionOf(lossArg); d && d.is("call")) {
    spec = findLoss(m.canonical(d));
  }
  if (!spec || spec->framework != Framework::Keras || spec->task != LossTask::Regression) return;
  for (Node item : metrics.namedChildren()) {
    auto s = ast::stringValue(item, src);
    if (!s || (*s != "accuracy" && *s != "acc")) continue;
    Finding f;
    f.range = item.range();
    f.why = "the loss " + lossLabel(m, lossArg) + " is a regression loss; accuracy counts exact matches and stays near 0";
    f.related.push_back(relatedAt(lossArg, "the regression loss"));
    addFix(f, "Use 'mae'", Applicability::Unsafe, fixes::replace(item, "'mae'"));
    ctx.report(std::move(f));
  }
}

}  // namespace

const RuleDef& accuracyMetricOnRegression() {
  static const RuleDef kDef{"accuracy-metric-on-regression", "Accuracy metric on a regression loss", kDoc,
                            FixAvailability::Always, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
