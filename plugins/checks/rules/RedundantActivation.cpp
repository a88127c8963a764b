// redundant-activation (ML501): the same activation applied twice in a row.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds the same activation applied twice with nothing but dropout, normalisation or reshapes
between: `Dense(64, activation='relu')` followed by `ReLU()`, `nn.ReLU(), nn.ReLU()`,
`F.relu(F.relu(x))`, or a sigmoid/softmax applied to a sigmoid/softmax output.

## Why is this bad?
ReLU is idempotent, so a second one only costs time and clutters the model (a Hint). A second
sigmoid or softmax is worse: it squashes already squashed values into a narrow range and
shrinks the gradients (reported as a Warning).

## Example
```python
layers.Dense(64, activation="relu"),
layers.ReLU(),
```

Use instead:
```python
layers.Dense(64, activation="relu"),
```

## Fix safety
Removing a repeated ReLU-family activation is safe (the function is unchanged). Removing a
repeated sigmoid/softmax/tanh changes the model's output and is unsafe.

## References
- NeuraLint rule f003 (redundant activations)
)md";

bool idempotent(std::string_view a) { return a == "relu" || a == "relu6" || a == "hardtanh"; }

void onNetwork(const Network& net, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const auto& ops = net.chain.ops;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const Layer& a = ops[i];
    const bool act = a.kind == LayerKind::Activation || (a.isWeight() && a.activation != "linear");
    if (!act || a.activation.empty() || a.activation == "linear" || a.conditional) continue;
    std::size_t j = i + 1;
    while (j < ops.size() && (ops[j].kind == LayerKind::Dropout || ops[j].kind == LayerKind::Reshape)) ++j;
    if (j >= ops.size()) continue;
    const Layer& b = ops[j];
    if (b.kind != LayerKind::Activation || b.activation != a.activation || b.conditional) continue;
    Finding f;
    f.range = b.node.range();
    const bool safe = idempotent(b.activation);
    if (safe) {
      f.why = b.activation + " is applied again to the output of " + a.displayName() + ", which is already " + b.activation;
    } else {
      f.severity = Severity::Warning;
      f.why = b.activation + " is applied twice; the second one squashes the outputs into a narrow range";
    }
    f.related.push_back(relatedAt(a.activationArg ? a.activationArg : a.node, "the first " + a.activation));
    f.unnecessary = safe;
    addFix(f, "Remove the repeated " + b.activation, safe ? Applicability::Safe : Applicability::Unsafe, removeActivationOp(b, m));
    ctx.report(std::move(f));
  }
}

}  // namespace

const RuleDef& redundantActivation() {
  static const RuleDef kDef{"redundant-activation", "The same activation applied twice", kDoc, FixAvailability::Sometimes,
                            RuleHooks{.onNetwork = onNetwork}};
  return kDef;
}

}  // namespace mlide::checks::rules
