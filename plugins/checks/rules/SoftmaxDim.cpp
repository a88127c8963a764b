// softmax-dim (ML210): softmax without an explicit dim (deprecated implicit choice), or over
// dim 0 (the batch) in PyTorch / axis 0 in TensorFlow.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds `nn.Softmax()` / `nn.LogSoftmax()` / `F.softmax(x)` / `F.log_softmax(x)` without `dim`,
and softmax over dimension 0 (`dim=0`, TensorFlow `axis=0`) unless the input is visibly 1-D
(`F.softmax(torch.randn(5), dim=0)`).

## Why is this bad?
Without `dim`, PyTorch guesses the dimension from the input's rank (0 for 1-D and 3-D input,
1 otherwise) and warns that this is deprecated: a batch of sequences silently gets its softmax
over the batch. With `dim=0` on a `(batch, classes)` tensor the probabilities are computed
across samples instead of across classes, so each sample's outputs do not sum to 1.

## Example
```python
probs = F.softmax(logits)
```

Use instead:
```python
probs = F.softmax(logits, dim=1)
```

## Fix safety
Adding `dim=1` where none is given keeps what PyTorch does for 2-D and 4-D inputs and is
marked safe. Replacing `dim=0` by `dim=1` is unsafe: it assumes the batch is dimension 0.

## References
- [torch.nn.functional.softmax](https://pytorch.org/docs/stable/generated/torch.nn.functional.softmax.html)
- [torch.nn.Softmax](https://pytorch.org/docs/stable/generated/torch.nn.Softmax.html)
)md";

// A tensor built right there with one size (`torch.randn(3)`, `torch.tensor([1., 2.])`).
bool isOneDimensional(Node e, const SemanticModel& m) {
  e = ast::unparen(e);
  if (!e || !e.is("call") || ast::positionalCount(e) != 1) return false;
  const std::string c = m.canonical(e);
  Node a = ast::unparen(ast::positional(e, 0));
  if (c == "torch.tensor") {
    if (!a.is("list")) return false;
    for (Node item : a.namedChildren()) {
      if (!ast::numberLiteral(item, m.source())) return false;
    }
    return true;
  }
  if (c == "torch.randn" || c == "torch.rand" || c == "torch.zeros" || c == "torch.ones" || c == "torch.arange" ||
      c == "tensorflow.random.normal" || c == "tensorflow.zeros" || c == "tensorflow.ones") {
    return a.is("integer") || a.is("identifier");
  }
  return false;
}

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const std::string& k = c.callee;
  const bool module = k == "torch.nn.Softmax" || k == "torch.nn.LogSoftmax" || k == "torch.nn.Softmin";
  const bool fn = k == "torch.nn.functional.softmax" || k == "torch.nn.functional.log_softmax" ||
                  k == "torch.nn.functional.softmin";
  const bool tf = k == "tensorflow.nn.softmax" || k == "tensorflow.nn.log_softmax" || k == "tensorflow.math.softmax";
  if (!module && !fn && !tf && !(k == "torch.softmax" || k == "torch.log_softmax")) return;
  if (ast::hasSplat(c.node)) return;
  Node dim = tf ? ast::argument(c.node, 1, "axis", src) : ast::argument(c.node, module ? 0 : 1, "dim", src);
  const std::string name(c.node.field("function").text(src));
  Finding f;
  if (!dim) {
    if (tf) return;  // TensorFlow defaults to the last axis: fine
    if (k == "torch.softmax" || k == "torch.log_softmax") return;  // dim is required there
    f.range = c.node.range();
    f.severity = Severity::Warning;
    f.why = name + " has no dim: PyTorch guesses it from the input's rank (deprecated), which is 0 for 3-D input";
    addFix(f, "Set dim=1", Applicability::Safe, fixes::addArgument(c.node, "dim=1"));
  } else {
    auto v = m.evalNumber(dim);
    if (!v || *v != 0) return;
    if (isOneDimensional(ast::argument(c.node, 0, "input", src), m)) return;  // dim 0 is its only dim
    f.range = dim.range();
    f.why = name + " normalises over dimension 0, usually the batch, so each sample's outputs do not sum to 1";
    if (Node lit = m.literalOf(dim); lit && lit == ast::unparen(dim)) {
      addFix(f, tf ? "Use axis=-1" : "Use dim=1", Applicability::Unsafe, fixes::replace(lit, tf ? "-1" : "1"));
    }
  }
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& softmaxDim() {
  static const RuleDef kDef{"softmax-dim", "Softmax without a dimension, or over the batch", kDoc, FixAvailability::Sometimes,
                            RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
