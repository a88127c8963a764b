// dropout-before-batchnorm (ML502): Dropout directly followed by BatchNorm.
#include "plugins/checks/Fixes.hpp"
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

## Fix safety
When the two layers are neighbours in one layer list (`Sequential([...])`,
`nn.Sequential(...)`) or two consecutive `model.add(...)` statements, the fix swaps them. It
is unsafe: the model computes a different function, so trained weights must be retrained,
and in an `nn.Sequential` the batch normalisation's index changes, so a saved `state_dict`
no longer loads into it.

## References
- Li et al., "Understanding the Disharmony between Dropout and Batch Normalization by Variance Shift", CVPR 2019
- NeuraLint rule f006
)md";

// The piece of the model that holds `layer`: the list element itself, or the whole
// `model.add(layer)` statement. Null when it is neither.
Node movable(Node layer, std::string_view src) {
  Node stmt = ast::statementOf(layer);
  if (stmt && stmt.is("expression_statement") && stmt.namedChildCount() == 1) {
    Node call = stmt.namedChild(0);
    Node fn = call.is("call") ? call.field("function") : Node{};
    if (fn && fn.is("attribute") && fn.field("attribute").text(src) == "add" &&
        ast::positional(call, 0) == layer) {
      return stmt;
    }
  }
  return inLayerList(layer) ? layer : Node{};
}

// Swaps the dropout and the batch normalisation when they sit next to each other in the
// source with nothing but separators between them (no comment to carry along).
std::optional<Edit> swapLayers(const Layer& d, const Layer& bn, std::string_view src) {
  Node a = movable(d.node, src);
  Node b = movable(bn.node, src);
  if (!a || !b || !(a.parent() == b.parent()) || !(a.nextNamed() == b)) return std::nullopt;
  const std::string_view between = src.substr(a.end(), b.begin() - a.end());
  if (between.find('#') != std::string_view::npos) return std::nullopt;
  std::string swapped(b.text(src));
  swapped += between;
  swapped += a.text(src);
  return Edit::replacement(ByteRange{a.begin(), b.end()}, std::move(swapped));
}

void onNetwork(const Network& net, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const auto& ops = net.chain.ops;
  for (std::size_t i = 0; i + 1 < ops.size(); ++i) {
    const Layer& d = ops[i];
    const Layer& bn = ops[i + 1];
    if (d.kind != LayerKind::Dropout || bn.kind != LayerKind::Normalization || d.conditional ||
        bn.conditional)
      continue;
    if (bn.name.find("BatchNorm") == std::string::npos) continue;
    if (d.functional || bn.functional) continue;
    Finding f;
    f.range = d.node.range();
    f.why = d.displayName() + " feeds " + bn.displayName() +
            ", whose running statistics then differ between training and inference";
    f.related.push_back(relatedAt(bn.node, "the batch normalisation after it"));
    addFix(f, "Move " + d.displayName() + " after " + bn.displayName(), Applicability::Unsafe,
           swapLayers(d, bn, m.source()));
    ctx.report(std::move(f));
  }
}

}  // namespace

const RuleDef& dropoutBeforeBatchnorm() {
  static const RuleDef kDef{"dropout-before-batchnorm",
                            "Dropout directly before batch normalisation", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onNetwork = onNetwork}};
  return kDef;
}

}  // namespace mlide::checks::rules
