// train-loader-not-shuffled (ML104): the DataLoader a training loop iterates is not shuffled.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds a `torch.utils.data.DataLoader` without `shuffle=True`, a `sampler` or a `batch_sampler`,
when a loop of this file that calls `backward()` iterates it (directly, through
`enumerate(...)` or `tqdm(...)`). Loaders only used for evaluation are not reported, nor
loaders over an `IterableDataset` of this file (they cannot be shuffled).

## Why is this bad?
Without shuffling every epoch presents the samples in the same order, often sorted by class
or by time: batches are not representative, the gradient is biased in a repeating pattern,
and the model may fit the order rather than the data.

## Example
```python
train_loader = DataLoader(train_ds, batch_size=64)
```

Use instead:
```python
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
```

## Fix safety
Adding `shuffle=True` is safe for map-style datasets; training becomes order-independent.

## References
- [torch.utils.data.DataLoader](https://pytorch.org/docs/stable/data.html#torch.utils.data.DataLoader): "shuffle (bool, optional) – set to True to have the data reshuffled at every epoch (default: False)"
)md";

// The expression a for loop iterates, unwrapped from enumerate(...) / tqdm(...).
Node iterated(Node loop, const SemanticModel& m) {
  Node it = ast::unparen(loop.field("right"));
  for (int i = 0; i < 3 && it && it.is("call"); ++i) {
    Node fn = it.field("function");
    const std::string_view name = fn.is("identifier") ? fn.text(m.source()) : fn.is("attribute") ? fn.field("attribute").text(m.source()) : "";
    if (name != "enumerate" && name != "tqdm" && name != "iter") break;
    it = ast::unparen(ast::positional(it, 0));
  }
  return it;
}

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (c.callee != "torch.utils.data.DataLoader" || ast::hasSplat(c.node)) return;
  if (ast::positionalCount(c.node) > 2 || ast::keywordArgument(c.node, "sampler", src) ||
      ast::keywordArgument(c.node, "batch_sampler", src)) {
    return;
  }
  Node shuffle = ast::keywordArgument(c.node, "shuffle", src);
  if (shuffle) {
    auto b = ast::boolLiteral(shuffle.field("value"));
    if (!b || *b) return;
  }
  Node dataset = ast::argument(c.node, 0, "dataset", src);
  if (!dataset) return;
  if (const ClassInfo* k = m.classOf(m.definitionOf(dataset) ? m.definitionOf(dataset) : dataset)) {
    for (const std::string& base : k->bases) {
      if (base.find("IterableDataset") != std::string::npos) return;
    }
  }
  // Which training loop iterates this loader?
  Node trainingLoop;
  for (Node loop : m.loops()) {
    if (!loop.is("for_statement")) continue;
    Node it = iterated(loop, m);
    if (!it) continue;
    Node d = m.definitionOf(it);
    if (!(d == c.node)) continue;
    for (const LoopEvent& e : loopEventsOf(loopBody(loop), ctx)) {
      if (e.kind == EventKind::Backward) trainingLoop = loop;
    }
    if (trainingLoop) break;
  }
  if (!trainingLoop) return;
  Finding f;
  f.range = shuffle ? shuffle.range() : c.node.field("function").range();
  f.why = "the training loop sees the samples in the same order every epoch";
  f.related.push_back(relatedAt(trainingLoop.field("right"), "iterated by this training loop"));
  if (shuffle) addFix(f, "Use shuffle=True", Applicability::Safe, fixes::replace(shuffle.field("value"), "True"));
  else addFix(f, "Add shuffle=True", Applicability::Safe, fixes::addArgument(c.node, "shuffle=True"));
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& trainLoaderNotShuffled() {
  static const RuleDef kDef{"train-loader-not-shuffled", "Training data is not shuffled", kDoc, FixAvailability::Always,
                            RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
