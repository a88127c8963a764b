// missing-eval-mode (ML404): a PyTorch model with dropout or BatchNorm is evaluated under
// torch.no_grad() while the file never switches it to eval mode.
#include <algorithm>

#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds a PyTorch model that has `Dropout` or `BatchNorm` layers and is called inside
`with torch.no_grad():` / `torch.inference_mode()` (evaluation code), when nothing in the file
calls `.eval()` (or `.train(False)`) on it. No-grad blocks inside a training loop (metrics
computed during training) and LightningModules (the trainer switches modes) are not reported.

## Why is this bad?
`no_grad()` only stops gradient tracking; it does not change the layers' mode. In train mode
dropout still drops units and BatchNorm normalises with the batch's statistics (and updates
its running averages with the validation data), so validation and test scores are noisy and
too pessimistic, and the model's statistics are corrupted.

## Example
```python
with torch.no_grad():
    for x, y in test_loader:
        correct += (model(x).argmax(1) == y).sum().item()
```

Use instead:
```python
model.eval()
with torch.no_grad():
    for x, y in test_loader:
        correct += (model(x).argmax(1) == y).sum().item()
```

## Fix safety
Inserting `model.eval()` before the `with` statement is unsafe: if training continues after
this code, `model.train()` must be called again (see `train-mode-not-restored`).

## References
- [torch.nn.Module.eval](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval)
- [Autograd mechanics: evaluation mode is not a mechanism to disable gradients](https://pytorch.org/docs/stable/notes/autograd.html#evaluation-mode-nn-module-eval)
)md";

bool isNoGrad(std::string_view c) {
  return c == "torch.no_grad" || c == "torch.inference_mode" || c == "torch.autograd.no_grad" ||
         c == "torch.autograd.grad_mode.no_grad";
}

void onModule(Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  // Receivers switched to eval mode anywhere in the file.
  std::vector<std::string_view> evaluated;
  bool anyEval = false;
  for (const CallSite& c : m.calls()) {
    Node recv = ast::receiver(c.node);
    if (!recv || !c.callee.empty()) continue;
    const bool evalCall = c.method == "eval" && ast::positionalCount(c.node) == 0;
    bool trainFalse = false;
    if (c.method == "train") {
      Node a = ast::argument(c.node, 0, "mode", src);
      if (a) {
        auto b = ast::boolLiteral(a);
        trainFalse = b && !*b;
      }
    }
    if (evalCall || trainFalse) {
      evaluated.push_back(recv.text(src));
      anyEval = true;
    }
  }
  for (const CallSite& c : m.calls()) {
    if (!isNoGrad(c.callee)) continue;
    Node item = c.node.parent();
    if (!item || !item.is("with_item")) continue;
    Node with = ast::ancestorOfType(item, "with_statement");
    if (!with || inLightning(with, m)) continue;
    // No-grad code inside a loop that trains is metric logging during training.
    bool inTraining = false;
    for (Node loop : m.loops()) {
      if (!inLoop(with, loop)) continue;
      for (const LoopEvent& e : loopEventsOf(loopBody(loop), ctx)) inTraining = inTraining || e.kind == EventKind::Backward;
    }
    if (inTraining) continue;
    Node body = with.field("body");
    Node culprit;
    const Network* net = nullptr;
    ast::forEachInBody(body, [&](Node n) {
      if (culprit) return false;
      if (!n.is("call")) return true;
      Node fn = n.field("function");
      if (!fn.is("identifier") && !fn.is("attribute")) return true;
      const Network* candidate = m.networkOf(fn);
      if (candidate && candidate->isTorch() &&
          (candidate->hasKind(LayerKind::Dropout) || candidate->hasKind(LayerKind::Normalization))) {
        culprit = n;
        net = candidate;
      }
      return true;
    });
    if (!culprit) continue;
    const std::string_view name = culprit.field("function").text(src);
    // A parameter may have been switched by the caller: any eval() in the file is enough then.
    const Binding* b = culprit.field("function").is("identifier") ? m.lookup(name, culprit.field("function")) : nullptr;
    const bool param = b && b->kind == BindingKind::Param;
    if (param ? anyEval : std::find(evaluated.begin(), evaluated.end(), name) != evaluated.end()) continue;
    if (anyEval && !b) continue;  // an attribute or unresolved name: cannot tell which model was switched
    Finding f;
    f.range = culprit.range();
    f.why = std::string(name) + " has " + (net->hasKind(LayerKind::Dropout) ? "dropout" : "BatchNorm") +
            " layers and is evaluated under no_grad() without " + std::string(name) + ".eval(); no_grad does not change the mode";
    f.related.push_back(relatedAt(c.node, "gradients are off here, but the model is still in train mode"));
    addFix(f, "Call " + std::string(name) + ".eval() before evaluating", Applicability::Unsafe,
           fixes::insertLineBefore(with, std::string(name) + ".eval()", src));
    ctx.report(std::move(f));
  }
}

}  // namespace

const RuleDef& missingEvalMode() {
  static const RuleDef kDef{"missing-eval-mode", "Model evaluated in training mode", kDoc, FixAvailability::Sometimes,
                            RuleHooks{.onModule = onModule}};
  return kDef;
}

}  // namespace mlide::checks::rules
