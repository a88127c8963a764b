// bias-before-batchnorm (ML503): a weight layer with a bias directly followed by BatchNorm.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds a convolution (`Conv*`, `nn.ConvNd`) with its bias enabled (the default)
and no activation of its own, directly followed by a batch-normalisation layer.

## Why is this bad?
BatchNorm subtracts the batch mean, which removes any constant the previous layer adds: the
bias parameters receive no useful gradient and are wasted memory and compute. BatchNorm's own
shift (`beta`) plays the bias's role.

## Example
```python
nn.Conv2d(3, 64, 3, padding=1),
nn.BatchNorm2d(64),
```

Use instead:
```python
nn.Conv2d(3, 64, 3, padding=1, bias=False),
nn.BatchNorm2d(64),
```

## Fix safety
Adding `bias=False` / `use_bias=False` is unsafe: the model computes the same function, but
checkpoints saved with the bias no longer load without `strict=False`.

## References
- Ioffe & Szegedy, "Batch Normalization", ICML 2015, section 3.2
- NeuraLint rule f005
)md";

void onNetwork(const Network& net, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const auto& ops = net.chain.ops;
  for (std::size_t i = 0; i + 1 < ops.size(); ++i) {
    const Layer& w = ops[i];
    const Layer& bn = ops[i + 1];
    if (!w.isWeight() || w.activation != "linear" || bn.kind != LayerKind::Normalization) continue;
    if (w.conditional || bn.conditional || bn.name.find("BatchNorm") == std::string::npos) continue;
    if (!w.node.is("call") || ast::hasSplat(w.node)) continue;
    // Convolutions only: Linear -> BatchNorm1d with a bias is common in MLPs and harmless.
    if (w.name.find("Conv") == std::string::npos) continue;
    const bool keras = w.framework == Framework::Keras;
    const char* kw = keras ? "use_bias" : "bias";
    if (Node v = ast::keywordValue(w.node, kw, src)) {
      auto b = ast::boolLiteral(v);
      if (!b || !*b) continue;
    } else if (!keras) {
      // bias is the 8th positional of ConvNd: positionals beyond the sizes may set it.
      if (ast::positionalCount(w.node) > 3u) continue;
    }
    Finding f;
    f.range = w.node.range();
    f.why = snippet(w.node, src) + " adds a bias that " + bn.displayName() + " subtracts again";
    f.related.push_back(relatedAt(bn.node, "the batch normalisation that cancels it"));
    if (Node v = ast::keywordValue(w.node, kw, src)) {
      addFix(f, std::string("Set ") + kw + "=False", Applicability::Unsafe, fixes::replace(v, "False"));
    } else {
      addFix(f, std::string("Add ") + kw + "=False", Applicability::Unsafe, fixes::addArgument(w.node, std::string(kw) + "=False"));
    }
    ctx.report(std::move(f));
  }
}

}  // namespace

const RuleDef& biasBeforeBatchnorm() {
  static const RuleDef kDef{"bias-before-batchnorm", "Bias before batch normalisation is redundant", kDoc,
                            FixAvailability::Always, RuleHooks{.onNetwork = onNetwork}};
  return kDef;
}

}  // namespace mlide::checks::rules
