// functional-dropout-always-on (ML406): F.dropout in forward() without training=self.training,
// or tf.nn.dropout in a Keras call() that no `training` condition guards.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
PyTorch: finds `F.dropout(x, p)` (and `dropout2d`, `alpha_dropout`, ...) inside the
`forward()` of an `nn.Module` without a `training=` argument.

Keras (reported as Information): finds `tf.nn.dropout(x, rate)` inside the `call()` of a
Keras layer or model class when nothing in `call()` tests `training` before it: no enclosing
or earlier `if` on `training`, no `tf.cond(training, ...)` / `smart_cond` around it, no
conditional expression on it.

## Why is this bad?
The functional form does not know the module's mode: its `training` argument defaults to
`True`, so dropout stays on after `model.eval()`. Predictions are random and validation
scores too low, with no error. `tf.nn.dropout` has no training flag at all: unless `call()`
checks its `training` argument, `model.predict()` and `model.evaluate()` drop units too.

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
or register an `nn.Dropout(0.5)` module in `__init__`. In Keras:
```python
def call(self, inputs, training=None):
    x = self.dense(inputs)
    if training:
        x = tf.nn.dropout(x, rate=0.5)
    return x
```
or use a `keras.layers.Dropout(0.5)` layer, which reads `training` itself.

## Fix safety
Adding `training=self.training` is safe: training behaviour is unchanged, evaluation becomes
deterministic. The Keras finding has no automatic fix: gating needs a `training` parameter,
which `call()` may not have yet, and the caller must pass it on.

## References
- [torch.nn.functional.dropout](https://pytorch.org/docs/stable/generated/torch.nn.functional.dropout.html): "training: apply dropout if is True. Default: True"
- [tf.nn.dropout](https://www.tensorflow.org/api_docs/python/tf/nn/dropout)
- [Keras: the `training` argument in the `call()` method](https://www.tensorflow.org/guide/keras/making_new_layers_and_models_via_subclassing#privileged_training_argument_in_the_call_method)
)md";

bool mentionsTraining(Node n, std::string_view src) {
  return n && n.text(src).find("training") != std::string_view::npos;
}

// True if `call()` looks at `training` before or around the dropout: an `if` on it that
// starts earlier (enclosing, or an early return), a conditional expression, or an enclosing
// call such as tf.cond(training, ...) / smart_cond / in_train_phase(..., training=...).
bool gatedByTraining(Node dropout, Node fn, std::string_view src) {
  bool gated = false;
  ast::forEachInBody(fn.field("body"), [&](Node n) {
    if (gated || n.begin() > dropout.begin()) return false;
    if ((n.is("if_statement") || n.is("elif_clause")) &&
        mentionsTraining(n.field("condition"), src))
      gated = true;
    return !gated;
  });
  for (Node p = dropout.parent(); !gated && p && !(p == fn); p = p.parent()) {
    if (p.is("conditional_expression")) {
      for (Node part : p.namedChildren())
        gated = gated || (!ast::contains(part, dropout) && mentionsTraining(part, src));
    } else if (p.is("call")) {
      Node args = ast::arguments(p);
      for (Node arg : args ? args.namedChildren() : std::vector<Node>{}) {
        gated = gated || (!ast::contains(arg, dropout) && mentionsTraining(arg, src));
      }
    }
  }
  return gated;
}

void keras(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  Node fn = ast::enclosingFunction(c.node);
  if (!fn || fn.field("name").text(src) != "call") return;
  const ClassInfo* k = m.enclosingClassInfo(c.node);
  if (!k || k->framework != Framework::Keras || !(ast::enclosingClass(fn) == k->node)) return;
  if (gatedByTraining(c.node, fn, src)) return;
  Finding f;
  f.range = c.node.field("function").range();
  f.severity = Severity::Info;  // the catalogue's level for the Keras side (X10)
  f.why = std::string(c.node.field("function").text(src)) +
          " has no training flag and nothing in call() checks `training`, so predict() and "
          "evaluate() drop units too";
  ctx.report(std::move(f));
}

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const std::string& k = c.callee;
  if (k == "tensorflow.nn.dropout") {
    keras(c, ctx);
    return;
  }
  if (k != "torch.nn.functional.dropout" && k != "torch.nn.functional.dropout1d" &&
      k != "torch.nn.functional.dropout2d" && k != "torch.nn.functional.dropout3d" &&
      k != "torch.nn.functional.alpha_dropout" &&
      k != "torch.nn.functional.feature_alpha_dropout") {
    return;
  }
  if (ast::hasSplat(c.node) || ast::keywordArgument(c.node, "training", src) ||
      ast::positionalCount(c.node) >= 3)
    return;
  Node fn = ast::enclosingFunction(c.node);
  if (!fn || fn.field("name").text(src) != "forward") return;
  const ClassInfo* k2 = m.enclosingClassInfo(c.node);
  if (!k2 || k2->framework != Framework::Torch) return;
  const Scope& s = m.scopes()[static_cast<std::size_t>(m.scopeOf(c.node))];
  const std::string self = s.params.empty() || s.params[0].empty() ? "self" : s.params[0];
  Finding f;
  f.range = c.node.field("function").range();
  f.why = std::string(c.node.field("function").text(src)) +
          " defaults to training=True, so dropout stays on after model.eval()";
  addFix(f, "Add training=" + self + ".training", Applicability::Safe,
         fixes::addArgument(c.node, "training=" + self + ".training"));
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& functionalDropoutAlwaysOn() {
  static const RuleDef kDef{"functional-dropout-always-on", "Functional dropout ignores eval mode",
                            kDoc, FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
