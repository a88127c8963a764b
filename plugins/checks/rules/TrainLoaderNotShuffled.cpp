// train-loader-not-shuffled (ML104): the DataLoader a training loop iterates is not shuffled
// (PyTorch), or Keras fit() is told not to shuffle its arrays.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
PyTorch: finds a `torch.utils.data.DataLoader` without `shuffle=True`, a `sampler` or a
`batch_sampler`, when a loop of this file that calls `backward()` iterates it (directly,
through `enumerate(...)` or `tqdm(...)`). Loaders only used for evaluation are not reported,
nor loaders over an `IterableDataset` of this file (they cannot be shuffled).

Keras: finds `model.fit(x, y, shuffle=False)` on a model of this file when `x` is visibly an
array (loaded by `keras.datasets`, built by `numpy`, split by `train_test_split`, or sliced,
scaled or reshaped from one). `fit` ignores `shuffle` for a `tf.data.Dataset` or a generator,
so those are not reported, nor models with a `stateful=True` layer, which need the order.

## Why is this bad?
Without shuffling every epoch presents the samples in the same order, often sorted by class
or by time: batches are not representative, the gradient is biased in a repeating pattern,
and the model may fit the order rather than the data.

## Example
```python
train_loader = DataLoader(train_ds, batch_size=64)
model.fit(x_train, y_train, epochs=5, shuffle=False)
```

Use instead:
```python
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
model.fit(x_train, y_train, epochs=5, shuffle=True)
```

## Fix safety
Adding `shuffle=True` (or replacing `shuffle=False`) is safe for map-style datasets and
arrays; training becomes order-independent.

## References
- [torch.utils.data.DataLoader](https://pytorch.org/docs/stable/data.html#torch.utils.data.DataLoader): "shuffle (bool, optional) – set to True to have the data reshuffled at every epoch (default: False)"
- [Keras Model.fit](https://keras.io/api/models/model_training_apis/#fit-method): "shuffle: Boolean, whether to shuffle the training data before each epoch. This argument is ignored when x is a generator or a tf.data.Dataset."
)md";

// True when `e` visibly holds an array (which fit() shuffles; a Dataset or a generator ignores
// `shuffle`): loaded by keras.datasets, built by numpy, split by train_test_split, or sliced,
// scaled or reshaped from one.
bool isArray(Node e, const SemanticModel& m) {
  const std::string_view src = m.source();
  for (int depth = 0; depth < 24; ++depth) {
    e = ast::unparen(e);
    if (!e) return false;
    if (e.is("identifier")) {
      const Binding* b = m.lookup(e.text(src), e);
      if (!b) return false;
      if (b->kind == BindingKind::AugAssign) {
        e = b->target;  // `x /= 255`: what x held before (its binding ends before the target)
        continue;
      }
      if (b->kind == BindingKind::Unpack) {
        Node v = ast::unparen(b->value);
        const std::string c = v && v.is("call") ? m.canonical(v) : std::string();
        return (c.starts_with("keras.datasets.") && c.ends_with(".load_data")) ||
               c == "sklearn.model_selection.train_test_split";
      }
      if (b->kind != BindingKind::Assign) return false;
      e = b->value;
      continue;
    }
    if (e.is("subscript")) {
      e = e.field("value");
      continue;
    }
    if (e.is("binary_operator")) {
      e = e.field("left");
      continue;
    }
    if (!e.is("call")) return false;
    const std::string c = m.canonical(e);
    if (c.starts_with("numpy.")) return true;
    const std::string_view method = ast::methodName(e, src);
    if (!c.empty() ||
        (method != "reshape" && method != "astype" && method != "copy" && method != "squeeze"))
      return false;
    e = ast::receiver(e);
  }
  return false;
}

// A stateful recurrent layer carries state from batch to batch: it needs the order.
bool hasStatefulLayer(const Network& net, const SemanticModel& m) {
  auto stateful = [&](const Layer& l) {
    Node v =
        l.node && l.node.is("call") ? ast::keywordValue(l.node, "stateful", m.source()) : Node{};
    return v && ast::boolLiteral(v) != std::optional<bool>(false);
  };
  for (const Layer& l : net.chain.ops) {
    if (stateful(l)) return true;
  }
  for (const Layer& l : net.registered) {
    if (stateful(l)) return true;
  }
  return false;
}

void keras(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  Node shuffle = ast::keywordArgument(c.node, "shuffle", src);
  if (!shuffle || ast::boolLiteral(shuffle.field("value")) != std::optional<bool>(false)) return;
  const Network* net = m.networkOf(ast::receiver(c.node));
  if (!net || !net->isKeras() || !net->chain.complete() || hasStatefulLayer(*net, m)) return;
  Node x = ast::argument(c.node, 0, "x", src);
  if (!x || !isArray(x, m)) return;
  Finding f;
  f.range = shuffle.range();
  f.why = "fit() presents " + snippet(x, src) + " in the same order every epoch";
  f.related.push_back(relatedAt(x, "the training arrays"));
  addFix(f, "Use shuffle=True", Applicability::Safe,
         fixes::replace(shuffle.field("value"), "True"));
  ctx.report(std::move(f));
}

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (c.method == "fit" && c.callee.empty()) {
    keras(c, ctx);
    return;
  }
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
  Node trainingLoop = trainingLoopOver(c.node, ctx);
  if (!trainingLoop) return;
  Finding f;
  f.range = shuffle ? shuffle.range() : c.node.field("function").range();
  f.why = "the training loop sees the samples in the same order every epoch";
  f.related.push_back(relatedAt(trainingLoop.field("right"), "iterated by this training loop"));
  if (shuffle)
    addFix(f, "Use shuffle=True", Applicability::Safe,
           fixes::replace(shuffle.field("value"), "True"));
  else
    addFix(f, "Add shuffle=True", Applicability::Safe, fixes::addArgument(c.node, "shuffle=True"));
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& trainLoaderNotShuffled() {
  static const RuleDef kDef{"train-loader-not-shuffled", "Training data is not shuffled", kDoc,
                            FixAvailability::Always, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
