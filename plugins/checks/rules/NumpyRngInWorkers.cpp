// numpy-rng-in-workers (ML109): a Dataset draws from NumPy's global RNG in __getitem__ and a
// DataLoader runs it in worker processes without a worker_init_fn. Before PyTorch 1.9 every
// worker inherited the same NumPy state; preview, since later versions seed NumPy per worker.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds a `DataLoader(dataset, num_workers=N)` with `N > 0` and no `worker_init_fn`, whose dataset
is a `torch.utils.data.Dataset` subclass of this file that draws from NumPy's global random
generator (`np.random.rand`, `np.random.randint`, `np.random.shuffle`, ...) in `__getitem__`
(or `__iter__`), directly or in a method or function of the file it calls.

This is a preview rule (off unless selected): PyTorch 1.9 and later seed NumPy in every worker
from the worker's own seed, which fixes the problem; it matters for code that must run on older
PyTorch.

## Why is this bad?
Worker processes are forked from the main process and, before PyTorch 1.9, inherited the same
NumPy random state: every worker produced the same "random" crops, flips and noise, and
(without persistent workers) the same ones again in every epoch. Data augmentation then
covers a fraction of what it seems to.

## Example
```python
class Noisy(Dataset):
    def __getitem__(self, i):
        return self.x[i] + np.random.normal(0, 0.1, self.x[i].shape), self.y[i]

loader = DataLoader(Noisy(), batch_size=32, num_workers=4)
```

Use instead:
```python
def seed_worker(worker_id):
    np.random.seed(torch.initial_seed() % 2**32)

loader = DataLoader(Noisy(), batch_size=32, num_workers=4, worker_init_fn=seed_worker)
```
or draw from `torch` (seeded per worker) or a `np.random.default_rng()` created in the worker.

## Fix safety
Adding `worker_init_fn=lambda _: np.random.seed(torch.initial_seed() % 2**32)` is unsafe: a
lambda cannot be pickled, so it fails where workers are spawned instead of forked (Windows,
macOS); a module-level function works everywhere.

## References
- [PyTorch: DataLoader randomness in multi-process data loading](https://pytorch.org/docs/stable/data.html#randomness-in-multi-process-data-loading)
- [pytorch/pytorch#56488: numpy seeding in DataLoader workers (PyTorch 1.9)](https://github.com/pytorch/pytorch/pull/56488)
- dslinter W5512
)md";

bool isDatasetClass(const ClassInfo& k, const SemanticModel& m, int depth = 0) {
  for (const std::string& base : k.bases) {
    if (isTorchDatasetBase(base)) return true;
    if (depth > 3) continue;
    for (const ClassInfo& other : m.classes()) {
      if (other.name == base && !(other.node == k.node) && isDatasetClass(other, m, depth + 1))
        return true;
    }
  }
  return false;
}

/// The first global-NumPy-RNG call in `body`, following `self.method(...)` and calls to
/// functions of this file one level deep.
Node numpyDraw(Node body, const ClassInfo& k, const SemanticModel& m, int depth) {
  const std::string_view src = m.source();
  Node found;
  ast::forEachInBody(body, [&](Node n) {
    if (found) return false;
    if (!n.is("call")) return true;
    const CallSite* c = m.callAt(n);
    if (!c) return true;
    if (isGlobalNumpyRandom(c->callee)) {
      found = n;
      return false;
    }
    if (depth > 0) return true;
    Node fn = n.field("function");
    Node def;
    if (fn.is("attribute") && ast::receiver(n).text(src) == "self") {
      def = k.method(fn.field("attribute").text(src), src);
    } else if (fn.is("identifier")) {
      const Binding* b = m.lookup(fn.text(src), fn);
      if (b && b->kind == BindingKind::Definition && b->value.is("function_definition"))
        def = b->value;
    }
    if (def) found = numpyDraw(def.field("body"), k, m, depth + 1);
    return !found;
  });
  return found;
}

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (c.callee != "torch.utils.data.DataLoader" || ast::hasSplat(c.node)) return;
  if (ast::keywordArgument(c.node, "worker_init_fn", src)) return;
  Node workers = ast::keywordArgument(c.node, "num_workers", src);
  if (!workers) return;
  auto n = m.evalNumber(workers.field("value"));
  if (!n || *n <= 0) return;
  Node dataset = ast::argument(c.node, 0, "dataset", src);
  if (!dataset) return;
  Node def = m.definitionOf(dataset);
  const ClassInfo* k = m.classOf(def ? def : dataset);
  if (!k || !isDatasetClass(*k, m)) return;
  Node method = k->method("__getitem__", src);
  if (!method) method = k->method("__iter__", src);
  if (!method) return;
  Node draw = numpyDraw(method.field("body"), *k, m, 0);
  if (!draw) return;
  Finding f;
  f.range = workers.range();
  f.why =
      k->name + " draws from NumPy's global RNG and this loader runs it in " + formatNumber(*n) +
      " workers without a worker_init_fn; before PyTorch 1.9 every worker draws the same numbers";
  f.related.push_back(relatedAt(draw, "the NumPy draw each worker repeats"));
  const std::string np = fixes::spell(m, "numpy.random.seed");
  const std::string seed = fixes::spell(m, "torch.initial_seed");
  if (!np.empty() && !seed.empty()) {
    addFix(
        f, "Seed NumPy in each worker (worker_init_fn)", Applicability::Unsafe,
        fixes::addArgument(c.node, "worker_init_fn=lambda _: " + np + "(" + seed + "() % 2**32)"));
  }
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& numpyRngInWorkers() {
  static const RuleDef kDef{"numpy-rng-in-workers",
                            "NumPy random numbers repeated across DataLoader workers", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
