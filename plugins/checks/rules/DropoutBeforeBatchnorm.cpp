// dropout-before-batchnorm (ML502): Dropout directly followed by BatchNorm.
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds a dropout layer immediately followed by a batch-normalisation layer in a model's layer
sequence (`Dropout(0.3), BatchNormalization()`, `nn.Dropout(), nn.BatchNorm1d(n)`).

## Why is this bad?
Dropout changes the variance of its output between training and inference. BatchNorm then
learns running statistics under dropout's training-time variance and applies them at
inference, where the variance differs ("variance shift"); accuracy at inference drops.
Put dropout after the normalisation (and the activation), or only before the last layer.

## Example
```python
layers.Dense(128, activation="relu"),
layers.Dropout(0.3),
layers.BatchNormalization(),
```

Use instead:
```python
layers.Dense(128, activation="relu"),
layers.BatchNormalization(),
layers.Dropout(0.3),
```

## References
- Li et al., "Understanding the Disharmony between Dropout and Batch Normalization by Variance Shift", CVPR 2019
- NeuraLint rule f006
)md";

void onNetwork(const Network& net, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const auto& ops = net.chain.ops;
  for (std::size_t i = 0; i + 1 < ops.size(); ++i) {
    const Layer& d = ops[i];
    const Layer& bn = ops[i + 1];
    if (d.kind != LayerKind::Dropout || bn.kind != LayerKind::Normalization || d.conditional || bn.conditional) continue;
    if (bn.name.find("BatchNorm") == std::string::npos) continue;
    if (d.functional || bn.functional) continue;
    Finding f;
    f.range = d.node.range();
    f.why = d.displayName() + " feeds " + bn.displayName() + ", whose running statistics then differ between training and inference";
    f.related.push_back(relatedAt(bn.node, "the batch normalisation after it"));
    (void)m;
    ctx.report(std::move(f));
  }
}

}  // namespace

const RuleDef& dropoutBeforeBatchnorm() {
  static const RuleDef kDef{"dropout-before-batchnorm", "Dropout directly before batch normalisation", kDoc,
                            FixAvailability::None, RuleHooks{.onNetwork = onNetwork}};
  return kDef;
}

}  // namespace mlide::checks::rules
