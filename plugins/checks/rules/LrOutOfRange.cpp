// lr-out-of-range (ML302): a learning rate that is not positive, or outside the usual range of
// its optimizer family (Adam-like 1e-7..1e-2, SGD up to 1.0; scale-free optimizers only <= 0).
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Reads the learning rate passed to an optimizer (`Adam(learning_rate=...)`,
`torch.optim.SGD(params, lr=...)`, also through a constant such as `LR = -1e3`) and reports it
when it is not positive, or outside the range where that optimizer family trains:

- Adam-family (Adam, AdamW, RMSprop, Adagrad, Nadam, ...): `lr-min` (1e-7) to `lr-max` (1e-2);
- SGD: up to `lr-max-sgd` (1.0), since SGD with momentum is used with 0.1 and more;
- Adadelta, LBFGS, Adafactor (the rate is a multiplier): only a rate <= 0 is reported.

The limits are `[tool.mlide]` keys in pyproject.toml, or the editor settings
`checks.learningRateMin`, `checks.learningRateMax` and `checks.learningRateMaxSgd`; training
sessions check the actual rate against the same limits.

A rate <= 0 is an Error (the optimizer climbs the loss, or does nothing); an out-of-range rate a Warning.

## Why is this bad?
Too high, the loss oscillates or diverges to NaN; too low, nothing seems to be learnt; negative,
the optimizer maximises the loss. None of these raises an error.

## Example
```python
optimizer = keras.optimizers.Adam(learning_rate=-1e3)
```

Use instead:
```python
optimizer = keras.optimizers.Adam(learning_rate=1e-3)
```

## Fix safety
Replacing the value with the optimizer's default (1e-3 for Adam-family, 1e-2 for SGD) is
unsafe: it is a tuning decision.

## References
- [tf.keras.optimizers.Adam](https://www.tensorflow.org/api_docs/python/tf/keras/optimizers/Adam)
- [torch.optim](https://pytorch.org/docs/stable/optim.html)
- Umlaut check `check_learning_rate_range` (made optimizer-aware)
)md";

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const OptimizerSpec* opt = findOptimizer(c.callee);
  if (!opt) return;
  Node arg = opt->framework == Framework::Torch ? ast::argument(c.node, 1, "lr", src)
                                                : ast::argument(c.node, 0, "learning_rate", src);
  if (!arg && opt->framework == Framework::Keras) arg = ast::keywordValue(c.node, "lr", src);
  if (!arg) return;
  auto lr = m.evalNumber(arg);
  if (!lr) return;
  const Thresholds& t = ctx.thresholds();
  Finding f;
  const std::string name = std::string(c.node.field("function").text(src));
  if (*lr <= 0) {
    f.severity = Severity::Error;
    f.title = "Learning rate is not positive";
    f.why = name + " gets a learning rate of " + formatNumber(*lr) +
            (*lr < 0 ? ", so it climbs the loss instead of descending it" : ", so the weights never change");
  } else if (opt->family == OptimizerFamily::ScaleFree) {
    return;
  } else {
    const double hi = opt->family == OptimizerFamily::Sgd ? t.lrMaxSgd : t.lrMax;
    if (*lr > hi) {
      f.why = "a learning rate of " + formatNumber(*lr) + " is above " + formatNumber(hi) + " for " + name +
              "; the loss will oscillate or diverge";
    } else if (*lr < t.lrMin) {
      f.why = "a learning rate of " + formatNumber(*lr) + " is below " + formatNumber(t.lrMin) + "; training will barely move";
    } else {
      return;
    }
  }
  f.range = arg.range();
  Node lit = m.literalOf(arg);
  if (lit && !(lit == ast::unparen(arg))) f.related.push_back(relatedAt(lit, "the learning rate is set here"));
  if (lit) addFix(f, "Use the default learning rate " + formatNumber(opt->defaultLr), Applicability::Unsafe,
                  fixes::replace(lit, formatNumber(opt->defaultLr)));
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& lrOutOfRange() {
  static const RuleDef kDef{"lr-out-of-range", "Learning rate out of range", kDoc, FixAvailability::Sometimes,
                            RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
