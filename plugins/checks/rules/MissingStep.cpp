// missing-step (ML403): a PyTorch training loop calls backward() but no optimizer step()
// runs in its function (nor in a function that calls it): the gradients are never applied.
// Accumulation (backward in a loop, step() outside it or under an `if`) is not a finding.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds PyTorch training loops that call `loss.backward()` while no `optimizer.step()` (nor
`scaler.step(optimizer)`, nor any other `.step()` that is not a scheduler's, such as a wrapper's
`engine.step()`) runs anywhere in the same function, nor in a function of this file that calls it. Calls to helper functions of the same file are followed one level deep. It
needs evidence of training: the loop clears an optimizer's gradients, or the file builds a
`torch.optim` optimizer, or the function takes an optimizer parameter. Gradient accumulation
(a `step()` under an `if`, or after the loop) is not reported, nor is `backward()` used for
saliency maps without any optimizer.

## Why is this bad?
`backward()` only computes gradients; the weights change when the optimizer applies them.
Without `step()` the loss is computed and differentiated on every batch, the program runs at
full cost, and the model never learns: the loss stays flat from the first epoch.

## Example
```python
for x, y in loader:
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward()
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
Inserting `optimizer.step()` after the `backward()` statement is safe when the loop clears
that optimizer's gradients (it is evidently the optimizer of this loop). When the optimizer is
the only one the file builds but the loop does not name it, the fix is unsafe: it may not be
the optimizer of these parameters.

## References
- [torch.optim: taking an optimization step](https://pytorch.org/docs/stable/optim.html#taking-an-optimization-step)
)md";

/// The innermost for/while statement around `n` in the same function, or null.
Node innermostLoop(Node n) {
  for (Node p = n.parent(); p; p = p.parent()) {
    if (p.is("function_definition") || p.is("class_definition") || p.is("lambda")) return Node{};
    if (p.is("for_statement") || p.is("while_statement")) return p;
  }
  return Node{};
}

bool hasStep(Node body, const SemanticModel& m) {
  for (const LoopEvent& e : loopEvents(body, m)) {
    if (e.kind == EventKind::Step) return true;
  }
  // Any other `.step()` that is no scheduler's may apply the gradients too (engine.step() of
  // DeepSpeed-style wrappers, a trainer object): precision first.
  const std::string_view src = m.source();
  bool other = false;
  ast::forEachInBody(body, [&](Node n) {
    if (other || !n.is("call") || ast::methodName(n, src) != "step") return !other;
    other = !isSchedulerReceiver(ast::receiver(n), m);
    return !other;
  });
  return other;
}

/// The body of the function around `n` (the module at top level).
Node scopeBody(Node n, const SemanticModel& m) {
  Node fn = ast::enclosingFunction(n);
  return fn ? fn.field("body") : m.tree().root();
}

/// True if a function of this file that calls `fn` (by its name) steps an optimizer.
bool callerSteps(Node fn, const SemanticModel& m) {
  if (!fn) return false;
  const std::string_view src = m.source();
  const std::string_view name = fn.field("name").text(src);
  for (const CallSite& c : m.calls()) {
    Node callee = c.node.field("function");
    const bool byName = callee.is("identifier") && callee.text(src) == name;
    const bool byMethod = callee.is("attribute") && callee.field("attribute").text(src) == name;
    if (!byName && !byMethod) continue;
    if (hasStep(scopeBody(c.node, m), m)) return true;
  }
  return false;
}

bool looksLikeOptimizer(Node recv, const SemanticModel& m) {
  if (!recv) return false;
  if (const OptimizerSpec* o = findOptimizer(m.constructorOf(recv));
      o && o->framework == Framework::Torch)
    return true;
  return recv.text(m.source()).find("opt") != std::string_view::npos;
}

/// The name of the one torch optimizer this file binds to a plain variable, or "".
std::string onlyOptimizer(const SemanticModel& m) {
  std::string name;
  for (const CallSite& c : m.calls()) {
    const OptimizerSpec* o = findOptimizer(c.callee);
    if (!o || o->framework != Framework::Torch) continue;
    Node stmt = ast::statementOf(c.node);
    Node assign = stmt && stmt.is("expression_statement") ? stmt.namedChild(0) : Node{};
    if (!assign || !assign.is("assignment") || !(assign.field("right") == c.node)) return "";
    Node left = assign.field("left");
    if (!left.is("identifier") || (!name.empty() && name != left.text(m.source()))) return "";
    name = std::string(left.text(m.source()));
  }
  return name;
}

/// True if a torch optimizer is built where `loop` sees it: in its own function or at module
/// level. File-wide was too wide: a test module that trains in one method silenced nothing in the
/// dozens of methods that call backward() only to inspect gradients (torch's distributed tests).
bool scopeBuildsOptimizer(Node loop, const SemanticModel& m) {
  const Node fn = ast::enclosingFunction(loop);
  for (const CallSite& c : m.calls()) {
    const OptimizerSpec* o = findOptimizer(c.callee);
    if (!o || o->framework != Framework::Torch) continue;
    const Node where = ast::enclosingFunction(c.node);
    if (!where || where == fn) return true;
  }
  return false;
}

bool takesOptimizer(Node loop, const SemanticModel& m) {
  Node fn = ast::enclosingFunction(loop);
  if (!fn) return false;
  const int scope = m.scopeOf(fn.field("body"));
  if (scope < 0) return false;
  for (const std::string& p : m.scopes()[static_cast<std::size_t>(scope)].params) {
    if (p.find("optim") != std::string::npos || p == "opt") return true;
  }
  return false;
}

void onLoop(Node loop, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (inLightning(loop, m)) return;
  const std::vector<LoopEvent>& events = loopEventsOf(loopBody(loop), ctx);
  const LoopEvent* backward = nullptr;
  const LoopEvent* zero = nullptr;
  for (const LoopEvent& e : events) {
    if (e.kind == EventKind::Step) return;
    // Only the innermost loop around the backward() reports it.
    if (e.kind == EventKind::Backward && !backward && innermostLoop(e.anchor) == loop)
      backward = &e;
    if (e.kind == EventKind::ZeroGrad && !zero && looksLikeOptimizer(e.receiver, m)) zero = &e;
  }
  if (!backward) return;
  if (hasStep(scopeBody(loop, m), m) || callerSteps(ast::enclosingFunction(loop), m)) return;
  if (!zero && !scopeBuildsOptimizer(loop, m) && !takesOptimizer(loop, m))
    return;  // backward() for other uses
  Finding f;
  f.range = backward->anchor.range();
  f.why =
      "this loop computes gradients but no optimizer step() applies them, so the weights never "
      "change";
  if (zero)
    f.related.push_back(
        relatedAt(zero->anchor, "the loop clears this optimizer's gradients but never steps it"));
  Node stmt = ast::statementOf(backward->anchor);
  if (backward->anchor == backward->call && stmt) {
    if (zero && zero->receiver) {
      const std::string opt(zero->receiver.text(src));
      addFix(f, "Insert " + opt + ".step() after backward()", Applicability::Safe,
             fixes::insertLineAfter(stmt, opt + ".step()", src));
    } else if (const std::string opt = onlyOptimizer(m); !opt.empty()) {
      addFix(f, "Insert " + opt + ".step() after backward()", Applicability::Unsafe,
             fixes::insertLineAfter(stmt, opt + ".step()", src));
    }
  }
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& missingStep() {
  static const RuleDef kDef{"missing-step", "backward() without an optimizer step()", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onLoop = onLoop}};
  return kDef;
}

}  // namespace mlide::checks::rules
