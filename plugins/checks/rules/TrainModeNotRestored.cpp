// train-mode-not-restored (ML405): an epoch loop switches the model to eval() and never back.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds PyTorch epoch loops that train (call `backward()` and `optimizer.step()`, directly, in a
nested loop, or in a helper function of this file) and call `model.eval()` for validation,
but never call `model.train()` inside the loop.

## Why is this bad?
After the first validation the model stays in evaluation mode: dropout is off and BatchNorm
uses its running statistics instead of the batch's, for every later epoch of training. The
model regularises less and BatchNorm statistics stop updating, which usually shows up as a
worse validation score from the second epoch on, with no error.

## Example
```python
model.train()
for epoch in range(epochs):
    for x, y in train_loader:
        ...
        loss.backward()
        optimizer.step()
    model.eval()
    validate(model, val_loader)
```

Use instead:
```python
for epoch in range(epochs):
    model.train()
    for x, y in train_loader:
        ...
    model.eval()
    validate(model, val_loader)
```

## Fix safety
Inserting `model.train()` as the first statement of the epoch loop is safe.

## References
- [torch.nn.Module.train](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.train)
- dslinter W9998 (mode toggling)
)md";

void onLoop(Node loop, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (inLightning(loop, m)) return;
  const std::vector<LoopEvent>& events = loopEventsOf(loopBody(loop), ctx);
  const LoopEvent* eval = nullptr;
  bool backward = false, step = false;
  for (const LoopEvent& e : events) {
    if (e.kind == EventKind::Train) return;
    if (e.kind == EventKind::Eval && !eval) eval = &e;
    backward = backward || e.kind == EventKind::Backward;
    step = step || e.kind == EventKind::Step;
  }
  if (!eval || !backward || !step) return;
  // An eval() inside a nested loop is that loop's business (e.g. a per-batch evaluation).
  if (!(ast::statementOf(eval->anchor).parent() == loopBody(loop))) return;
  const std::string model = receiverText(*eval, src);
  Finding f;
  f.range = eval->anchor.range();
  f.why = (model.empty() ? std::string("the model") : model) +
          " stays in eval mode for the next epochs' training: dropout and BatchNorm updates are off";
  if (!model.empty() && eval->anchor == eval->call) {
    addFix(f, "Insert " + model + ".train() at the start of the loop", Applicability::Safe,
           fixes::insertAtBlockStart(loopBody(loop), model + ".train()", src));
  }
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& trainModeNotRestored() {
  static const RuleDef kDef{"train-mode-not-restored", "Model left in eval mode for the next epoch's training", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onLoop = onLoop}};
  return kDef;
}

}  // namespace mlide::checks::rules
