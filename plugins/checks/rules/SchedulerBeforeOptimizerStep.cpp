// scheduler-before-optimizer-step (ML407): lr_scheduler.step() runs before optimizer.step()
// in the same loop iteration (PyTorch >= 1.1 order is optimizer first).
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds loops where `scheduler.step()` is called before `optimizer.step()`: in the same loop
body, or at the top of an epoch loop whose training (a nested loop or a helper function of
this file) calls `optimizer.step()` afterwards. Steps under an `if` are ignored.

## Why is this bad?
Since PyTorch 1.1 the scheduler must be stepped after the optimizer. Stepping it first skips
the first value of the schedule: the first epoch trains with the second learning rate, and
warm-up or step schedules are shifted by one. PyTorch only warns about it at run time.

## Example
```python
for epoch in range(epochs):
    scheduler.step()
    train_one_epoch(model, loader, optimizer)
```

Use instead:
```python
for epoch in range(epochs):
    train_one_epoch(model, loader, optimizer)
    scheduler.step()
```

## Fix safety
Moving `scheduler.step()` after `optimizer.step()` is safe when both are statements of the same block.

## References
- [torch.optim: how to adjust the learning rate](https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate)
)md";

void onLoop(Node loop, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (inLightning(loop, m)) return;
  const std::vector<LoopEvent>& events = loopEventsOf(loopBody(loop), ctx);
  const LoopEvent* sched = nullptr;
  for (const LoopEvent& e : events) {
    if (e.guarded || !inLoop(e.anchor, loop)) continue;
    if (e.kind == EventKind::SchedulerStep && !sched) {
      // Only a scheduler stepped directly in this loop's body: one in a nested loop is that loop's.
      Node stmt = ast::statementOf(e.anchor);
      if (stmt && stmt.parent() == loopBody(loop)) sched = &e;
    } else if (e.kind == EventKind::Step && sched) {
      Finding f;
      f.range = sched->anchor.range();
      f.why = "the scheduler is stepped before the optimizer, so the first learning rate of the schedule is skipped";
      f.related.push_back(relatedAt(e.anchor, "the optimizer steps here, afterwards"));
      Node schedStmt = ast::statementOf(sched->anchor);
      Node stepStmt = ast::statementOf(e.anchor);
      if (schedStmt && stepStmt && schedStmt.parent() == stepStmt.parent() && sched->anchor == sched->call) {
        std::string code(schedStmt.text(src));
        addFix(f, "Move " + snippet(sched->call, src) + " after the optimizer step", Applicability::Safe,
               std::vector<std::optional<Edit>>{fixes::deleteStatement(schedStmt, src),
                                                fixes::insertLineAfter(stepStmt, code, src)});
      }
      ctx.report(std::move(f));
      return;
    } else if (e.kind == EventKind::Step) {
      return;  // the optimizer steps first: fine
    }
  }
}

}  // namespace

const RuleDef& schedulerBeforeOptimizerStep() {
  static const RuleDef kDef{"scheduler-before-optimizer-step", "Learning-rate scheduler stepped before the optimizer", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onLoop = onLoop}};
  return kDef;
}

}  // namespace mlide::checks::rules
