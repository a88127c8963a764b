// unregistered-submodules (ML211): layers stored in a plain list/dict attribute of an
// nn.Module are invisible to .parameters(), .to(device), state_dict() and the optimizer.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds `self.x = [nn.Linear(...), ...]` (a list, tuple or comprehension of layers) or
`self.x = {"a": nn.Linear(...)}` in a method of a PyTorch `nn.Module`.

## Why is this bad?
PyTorch registers sub-modules only when they are assigned directly or through
`nn.ModuleList` / `nn.ModuleDict`. Layers in a plain list are not returned by
`model.parameters()`, so the optimizer never updates them; `model.to(device)` does not move
them (device-mismatch errors) and `state_dict()` does not save them.

## Example
```python
self.blocks = [nn.Linear(64, 64) for _ in range(4)]
```

Use instead:
```python
self.blocks = nn.ModuleList([nn.Linear(64, 64) for _ in range(4)])
```

## Fix safety
Wrapping the list in `nn.ModuleList(...)` (a dict in `nn.ModuleDict(...)`) is safe: indexing
and iteration behave the same, and the layers become parameters of the model.

## References
- [torch.nn.ModuleList](https://pytorch.org/docs/stable/generated/torch.nn.ModuleList.html)
)md";

bool isModule(Node e, const SemanticModel& m) {
  e = ast::unparen(e);
  if (!e || !e.is("call")) return false;
  if (auto l = m.layerAt(e); l && l->framework == Framework::Torch) return true;
  const std::string c = m.canonical(e);
  if (c == "torch.nn.Sequential") return true;
  const ClassInfo* k = m.classOf(e);
  return k && k->framework == Framework::Torch;
}

bool holdsModules(Node v, const SemanticModel& m) {
  v = ast::unparen(v);
  if (v.is("list") || v.is("tuple")) {
    bool any = false;
    for (Node c : v.namedChildren()) {
      if (c.is("comment")) continue;
      if (!isModule(c, m)) return false;
      any = true;
    }
    return any;
  }
  if (v.is("list_comprehension")) return isModule(v.field("body"), m);
  if (v.is("dictionary")) {
    bool any = false;
    for (Node c : v.namedChildren()) {
      if (c.is("comment")) continue;
      if (!c.is("pair") || !isModule(c.field("value"), m)) return false;
      any = true;
    }
    return any;
  }
  return false;
}

void onClass(const ClassInfo& k, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (k.framework != Framework::Torch) return;
  Node init = k.method("__init__", src);
  if (!init) return;
  const Scope& s = m.scopes()[static_cast<std::size_t>(m.scopeOf(init.field("body")))];
  const std::string self = s.params.empty() ? "self" : s.params[0];
  const std::string nn = torchNn(m);
  ast::forEachInBody(init.field("body"), [&](Node n) {
    if (!n.is("assignment")) return true;
    Node left = n.field("left");
    Node right = n.field("right");
    if (!left.is("attribute") || left.field("object").text(src) != self || !right) return false;
    if (!holdsModules(right, m)) return false;
    const bool dict = ast::unparen(right).is("dictionary");
    Finding f;
    f.range = right.range();
    f.why = std::string(left.text(src)) + " holds layers in a plain " + (dict ? "dict" : "list") +
            ": their parameters are not registered, so the optimizer, .to(device) and state_dict() miss them";
    if (!nn.empty()) {
      const std::string wrapper = nn + (dict ? ".ModuleDict" : ".ModuleList");
      const std::string_view written = ast::unparen(right).text(src);
      // A tuple becomes a list: ModuleList takes any iterable, but a list reads as intended.
      const std::string inner = ast::unparen(right).is("tuple")
                                    ? "[" + std::string(written.substr(1, written.size() - 2)) + "]"
                                    : std::string(right.text(src));
      const std::string text = wrapper + "(" + inner + ")";
      addFix(f, "Wrap in " + wrapper + "(...)", Applicability::Safe, fixes::replace(right, text));
    }
    ctx.report(std::move(f));
    return false;
  });
}

}  // namespace

const RuleDef& unregisteredSubmodules() {
  static const RuleDef kDef{"unregistered-submodules", "Layers in a plain list or dict are not registered", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onClass = onClass}};
  return kDef;
}

}  // namespace mlide::checks::rules
