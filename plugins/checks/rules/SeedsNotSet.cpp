// seeds-not-set (ML409): a file that asks for reproducibility (np.random.seed, random.seed,
// torch.use_deterministic_algorithms) but never seeds the framework it trains with. A file
// that seeds nothing is not reported: unseeded training is a choice, not a defect.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds files that seed some random number generator or ask for deterministic kernels
(`np.random.seed`, `random.seed`, `torch.use_deterministic_algorithms(True)`,
`tf.config.experimental.enable_op_determinism()`) and train a model (a PyTorch loop with
`backward()` and `step()`, or a Keras `fit` on a model of the file), but never seed the
framework that trains: no `torch.manual_seed` / `lightning.seed_everything` /
`transformers.set_seed` for PyTorch, no `tf.random.set_seed` / `keras.utils.set_random_seed`
for Keras, and no call to a seeding helper imported from another module (a function whose
name contains `seed`; helpers defined in the file are judged by the calls they make).

A file that seeds nothing is not reported: whether runs must be reproducible is the author's
choice, and reporting every training script would bury the real findings. This is a preview
rule (off unless selected).

## Why is this bad?
The framework's generator decides the initial weights, dropout masks and the `DataLoader`
shuffle order. Seeding NumPy and Python leaves all of them random, so two runs still differ
and comparisons between them measure noise, while the seed call suggests they are reproducible.

## Example
```python
np.random.seed(42)
model = Net()
```

Use instead:
```python
np.random.seed(42)
torch.manual_seed(42)
model = Net()
```

## Fix safety
Inserting the framework's seed call (with the same seed) after the existing one is safe: it
changes only which random numbers are drawn.

## References
- [PyTorch: Reproducibility](https://pytorch.org/docs/stable/notes/randomness.html)
- [tf.random.set_seed](https://www.tensorflow.org/api_docs/python/tf/random/set_seed)
- dslinter W5508–W5511
)md";

Framework trainingFramework(Context& ctx) {
  const SemanticModel& m = ctx.model();
  for (Node loop : m.loops()) {
    if (loopTrains(loop, ctx)) return Framework::Torch;
  }
  for (const CallSite& c : m.calls()) {
    if (c.method != "fit" || !c.callee.empty()) continue;
    const Network* net = m.networkOf(ast::receiver(c.node));
    if (net && net->isKeras()) return Framework::Keras;
  }
  return Framework::Unknown;
}

/// Seeding inside a worker_init_fn from torch.initial_seed() makes workers differ; it says
/// nothing about wanting reproducible runs.
bool seedsWorker(const CallSite& c, const SemanticModel& m) {
  const std::string_view src = m.source();
  if (c.node.text(src).find("initial_seed") != std::string_view::npos) return true;
  Node fn = ast::enclosingFunction(c.node);
  if (!fn) return false;
  const std::string_view name = fn.field("name").text(src);
  for (const CallSite& other : m.calls()) {
    Node v = ast::keywordValue(other.node, "worker_init_fn", src);
    if (v && ast::unparen(v).text(src) == name) return true;
  }
  return false;
}

/// The value a `numpy.random.seed(v)` / `random.seed(v)` call seeds with, or null.
Node seedValue(const CallSite& c) {
  return c.callee.ends_with(".seed") ? ast::positional(c.node, 0) : Node{};
}

bool importedFromFramework(std::string_view callee) {
  for (std::string_view p :
       {"torch.", "tensorflow.", "keras.", "numpy.", "random.", "lightning.", "transformers."}) {
    if (callee.starts_with(p)) return true;
  }
  return false;
}

void onModule(Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const CallSite* intent = nullptr;
  for (const CallSite& c : m.calls()) {
    if (isReproducibilityCall(c.callee)) {
      // Prefer a seed call with a value: the finding goes there and the fix reuses the seed.
      if ((!intent || (seedValue(c) && !seedValue(*intent))) && !seedsWorker(c, m)) intent = &c;
      continue;
    }
    // A seeding helper imported from another module (utils.set_seed) may seed everything;
    // helpers of this file are seen through the calls they make.
    if (!c.callee.empty() && c.callee.find("seed") != std::string::npos &&
        !importedFromFramework(c.callee)) {
      return;
    }
  }
  if (!intent) return;
  const Framework fw = trainingFramework(ctx);
  if (fw == Framework::Unknown) return;
  for (const CallSite& c : m.calls()) {
    if (seedsFramework(c.callee, fw)) return;
  }
  const bool torch = fw == Framework::Torch;
  Finding f;
  f.range = intent->node.range();
  f.why = "this file asks for reproducible runs but never seeds " +
          std::string(torch ? "PyTorch" : "TensorFlow") +
          ", whose generator draws the initial weights, dropout masks and shuffling";
  const std::string seedFn =
      fixes::spell(m, torch ? "torch.manual_seed" : "tensorflow.random.set_seed");
  const Node seed = seedValue(*intent);
  const std::string value = seed ? std::string(seed.text(src)) : "0";
  if (!seedFn.empty()) {
    addFix(f, "Insert " + seedFn + "(" + value + ")", Applicability::Safe,
           fixes::insertLineAfter(ast::statementOf(intent->node), seedFn + "(" + value + ")", src));
  }
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& seedsNotSet() {
  static const RuleDef kDef{"seeds-not-set",
                            "Reproducibility asked for, but the framework is not seeded", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onModule = onModule}};
  return kDef;
}

}  // namespace mlide::checks::rules
