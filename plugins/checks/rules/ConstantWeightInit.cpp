// constant-weight-init (ML504): the weights (kernels) of a layer initialised to a constant.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds `Dense` / `Conv*` layers created with `kernel_initializer='zeros'` / `'ones'` /
`Zeros()` / `Ones()` / `Constant(...)`, and `nn.init.zeros_` / `ones_` / `constant_` applied
to the `.weight` of an `nn.Linear` / `nn.ConvNd` of this file. Biases and normalisation
weights (which are meant to start at 0 and 1) are not reported.

## Why is this bad?
With every weight equal, all units of the layer compute the same output and receive the same
gradient, so they stay identical for ever: the layer behaves like a single unit. With zeros,
ReLU networks may not learn at all.

## Example
```python
layers.Dense(64, activation="relu", kernel_initializer="zeros")
```

Use instead:
```python
layers.Dense(64, activation="relu")
```
(the default Glorot-uniform initialiser), or `kernel_initializer="he_normal"` for ReLU.

## Fix safety
Removing the `kernel_initializer=` argument (Keras) is unsafe: it changes the initial weights,
which is the point, but results of earlier runs will not be reproduced.

## References
- Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010
- NeuraLint rule f004
)md";

bool constantInitializer(Node v, const SemanticModel& m) {
  if (auto s = m.evalString(v)) return *s == "zeros" || *s == "ones" || *s == "Zeros" || *s == "Ones" || *s == "constant";
  Node d = ast::unparen(v);
  if (!d.is("call")) return false;
  const std::string c = m.canonical(d);
  return c == "keras.initializers.Zeros" || c == "keras.initializers.Ones" || c == "keras.initializers.Constant" ||
         c == "keras.initializers.zeros" || c == "keras.initializers.ones" || c == "keras.initializers.constant";
}

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (auto l = m.layerAt(c.node); l && l->isWeight() && l->framework == Framework::Keras) {
    Node kw = ast::keywordArgument(c.node, "kernel_initializer", src);
    if (!kw || !constantInitializer(kw.field("value"), m)) return;
    Finding f;
    f.range = kw.range();
    f.why = "every kernel weight of " + l->displayName() + " starts equal, so its units stay identical during training";
    addFix(f, "Remove kernel_initializer (use the default)", Applicability::Unsafe, fixes::removeArgument(kw, src));
    ctx.report(std::move(f));
    return;
  }
  const std::string& k = c.callee;
  if (k != "torch.nn.init.zeros_" && k != "torch.nn.init.ones_" && k != "torch.nn.init.constant_") return;
  Node target = ast::unparen(ast::positional(c.node, 0));
  if (!target || !target.is("attribute") || target.field("attribute").text(src) != "weight") return;
  Node d = m.definitionOf(target.field("object"));
  if (!d) return;
  auto l = m.layerAt(d);
  if (!l || !l->isWeight()) return;
  Finding f;
  f.range = c.node.range();
  f.why = "every weight of " + l->displayName() + " is set to the same value, so its units stay identical during training";
  f.related.push_back(relatedAt(d, "the layer"));
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& constantWeightInit() {
  static const RuleDef kDef{"constant-weight-init", "Weights initialised to a constant", kDoc, FixAvailability::Sometimes,
                            RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
