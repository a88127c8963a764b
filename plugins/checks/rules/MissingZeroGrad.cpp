// missing-zero-grad (ML401): a PyTorch training loop calls backward() and step() but never
// clears the gradients. Intentional accumulation (a step() under an `if`) is left alone.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds PyTorch training loops whose body calls `loss.backward()` and `optimizer.step()` but no
`optimizer.zero_grad()` / `model.zero_grad()` (nor sets `p.grad = None`). Calls to helper
functions defined in the same file are followed one level deep. A loop whose `step()` is
under an `if` (gradient accumulation) is not reported.

## Why is this bad?
`backward()` adds to `.grad`; it does not overwrite it. Without clearing, every step applies
the sum of all gradients since the start of training, so the effective learning rate grows
with every batch and training diverges or oscillates.

## Example
```python
for x, y in loader:
    loss = criterion(model(x), y)
    loss.backward()
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
Inserting `optimizer.zero_grad()` as the first statement of the loop body is safe.

## References
- [torch.optim: taking an optimization step](https://pytorch.org/docs/stable/optim.html#taking-an-optimization-step)
- dslinter W5517
)md";

void onLoop(Node loop, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (inLightning(loop, m)) return;
  if (nestedLoopTrains(loop, ctx)) return;  // the inner loop is the training loop
  const std::vector<LoopEvent>& events = loopEventsOf(loopBody(loop), ctx);
  const LoopEvent* backward = nullptr;
  const LoopEvent* step = nullptr;
  for (const LoopEvent& e : events) {
    if (e.kind == EventKind::ZeroGrad) return;
    if (e.kind == EventKind::Backward && !backward) backward = &e;
    if (e.kind == EventKind::Step && !step) step = &e;
  }
  if (!backward || !step || step->guarded) return;
  Finding f;
  f.range = step->anchor.range();
  const std::string opt = receiverText(*step, src);
  f.why = "this loop calls backward() and " + (opt.empty() ? std::string("step()") : opt + ".step()") +
          " but never zero_grad(), so gradients accumulate across iterations";
  f.related.push_back(relatedAt(backward->anchor, "gradients are added here on every iteration"));
  if (!opt.empty() && step->anchor == step->call) {
    addFix(f, "Insert " + opt + ".zero_grad() at the start of the loop", Applicability::Safe,
           fixes::insertAtBlockStart(loopBody(loop), opt + ".zero_grad()", src));
  }
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& missingZeroGrad() {
  static const RuleDef kDef{"missing-zero-grad", "Gradients are never cleared in the training loop", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onLoop = onLoop}};
  return kDef;
}

}  // namespace mlide::checks::rules
