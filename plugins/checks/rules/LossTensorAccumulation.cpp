// loss-tensor-accumulation (ML408): `total += loss` keeps every iteration's autograd graph alive.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds `running_loss += loss` where `loss` is the result of a PyTorch loss call
(`criterion(out, y)`, `F.cross_entropy(...)`) and the sum is not itself back-propagated.

## Why is this bad?
`loss` is a tensor attached to the autograd graph of its iteration. Adding it to a running
total keeps every iteration's graph (and the activations it references) alive until the total
is dropped: memory grows through the epoch and may run out. Only the number is needed.

## Example
```python
running_loss += loss
```

Use instead:
```python
running_loss += loss.item()
```

## Fix safety
Replacing `loss` by `loss.item()` is safe when the total is only logged; it is not offered
when the total is back-propagated (gradient accumulation through a summed loss).

## References
- [PyTorch FAQ: my model reports "cuda runtime error(2): out of memory"](https://pytorch.org/docs/stable/notes/faq.html#my-model-reports-cuda-runtime-error-2-out-of-memory)
)md";

void onAugAssign(Node stmt, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (stmt.field("operator").text(src) != "+=") return;
  Node right = ast::unparen(stmt.field("right"));
  Node left = stmt.field("left");
  if (!right.is("identifier") || !left) return;
  const Binding* b = m.lookup(right.text(src), right);
  if (!b || b->kind != BindingKind::Assign) return;
  Node v = ast::unparen(b->value);
  if (!v.is("call")) return;
  const CallSite* c = m.callAt(v);
  if (!c || !torchLoss(*c, m)) return;
  // The total is back-propagated: accumulation on purpose.
  const std::string_view total = left.text(src);
  Node fn = ast::enclosingFunction(stmt);
  for (const CallSite& other : m.calls()) {
    if (other.method != "backward") continue;
    if (!(ast::enclosingFunction(other.node) == fn)) continue;
    Node recv = ast::receiver(other.node);
    if (recv && recv.text(src).find(total) != std::string_view::npos) return;
  }
  Finding f;
  f.range = right.range();
  f.why = std::string(right.text(src)) + " is a tensor with its autograd graph; summing it into " + std::string(total) +
          " keeps every iteration's graph in memory";
  f.related.push_back(relatedAt(v, "the loss tensor is computed here"));
  addFix(f, "Use " + std::string(right.text(src)) + ".item()", Applicability::Safe,
         fixes::replace(right, std::string(right.text(src)) + ".item()"));
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& lossTensorAccumulation() {
  static const RuleDef kDef{"loss-tensor-accumulation", "Loss tensor accumulated with its graph", kDoc,
                            FixAvailability::Always, RuleHooks{.onAugAssign = onAugAssign}};
  return kDef;
}

}  // namespace mlide::checks::rules
