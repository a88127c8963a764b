// zero-grad-misplaced (ML402): zero_grad() between backward() and step() discards the gradients.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds PyTorch training loops where `zero_grad()` runs after `loss.backward()` and before
`optimizer.step()` in the same iteration (all three unconditional).

## Why is this bad?
`zero_grad()` erases the gradients `backward()` just computed, so `step()` applies zero
(or `None`) gradients: the weights never change (or only weight decay acts) and the loss
stays flat, without any error.

## Example
```python
for x, y in loader:
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
```

Use instead:
```python
for x, y in loader:
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
```

## Fix safety
Moving the `zero_grad()` statement to the start of the loop body is safe.

## References
- [torch.optim.Optimizer.zero_grad](https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html)
)md";

void onLoop(Node loop, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (inLightning(loop, m)) return;
  if (nestedLoopTrains(loop, ctx)) return;
  const std::vector<LoopEvent>& events = loopEventsOf(loopBody(loop), ctx);
  const LoopEvent* backward = nullptr;
  const LoopEvent* zero = nullptr;
  for (const LoopEvent& e : events) {
    if (e.guarded) continue;
    if (e.kind == EventKind::Backward && !backward) backward = &e;
    else if (e.kind == EventKind::ZeroGrad && backward && !zero) zero = &e;
    else if (e.kind == EventKind::Step && backward && zero) {
      Finding f;
      f.range = zero->anchor.range();
      f.why = "it runs after backward() and before step(), so step() sees no gradients and the weights never change";
      f.related.push_back(relatedAt(backward->anchor, "gradients computed here"));
      f.related.push_back(relatedAt(e.anchor, "and applied here, after they were cleared"));
      Node stmt = ast::statementOf(zero->anchor);
      if (stmt && stmt.parent() == loopBody(loop) && zero->anchor == zero->call) {
        if (auto text = fixes::statementLines(stmt, src)) {
          std::string code(ast::unparen(stmt).text(src));
          addFix(f, "Move zero_grad() to the start of the loop", Applicability::Safe,
                 std::vector<std::optional<Edit>>{fixes::insertAtBlockStart(loopBody(loop), code, src),
                                                  fixes::deleteStatement(stmt, src)});
        }
      }
      ctx.report(std::move(f));
      return;
    }
  }
}

}  // namespace

const RuleDef& zeroGradMisplaced() {
  static const RuleDef kDef{"zero-grad-misplaced", "zero_grad() between backward() and step()", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onLoop = onLoop}};
  return kDef;
}

}  // namespace mlide::checks::rules
