// validation-overlaps-training (ML103): fit()'s validation data is (part of) its training data
// (Keras), or a validation DataLoader reads the training loader's dataset (PyTorch).
#include <cctype>
#include <optional>

#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Keras: finds `model.fit(x, y, validation_data=(xv, yv))` where `xv` is `x` itself, or a slice
of `x` while `x` is passed whole (`validation_data=(x_train[:100], y_train[:100])`). Two
different slices of the same array (`x[:50000]` and `x[50000:]`) are a proper hold-out and are
not reported.

PyTorch: finds a validation `DataLoader` (assigned to a name with `val` or `test` and without
`train`, and not iterated by a training loop) built on the same dataset as a training loader
(one that a loop calling `backward()` iterates, or whose name says `train`): the same
variable (a `random_split` part reused for both), the same dataset object, or the whole
dataset that the training part was split from (`random_split(ds, ...)`, `Subset(ds, ...)`).
Two different parts of one split are a proper hold-out and are not reported.

## Why is this bad?
The model is validated on samples it trains on, so the validation loss and accuracy track the
training ones: overfitting is invisible, early stopping and checkpoints pick the wrong epoch,
and the reported accuracy is far above what the model does on new data.

## Example
```python
model.fit(train_images, train_labels, epochs=10,
          validation_data=(train_images[:100], train_labels[:100]))

train_ds, val_ds = random_split(dataset, [50000, 10000])
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
val_loader = DataLoader(train_ds, batch_size=64)
```

Use instead:
```python
model.fit(train_images, train_labels, epochs=10, validation_split=0.1)

train_ds, val_ds = random_split(dataset, [50000, 10000])
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=64)
```

## Fix safety
Replacing `validation_data=...` by `validation_split=0.2` is unsafe: it holds out the last 20%
of the training arrays, which is only representative when they are shuffled. In PyTorch,
when the training part comes from a two-way `random_split`, using the other part for the
validation loader is offered as an unsafe fix: the validation scores change (they become
honest), and the split sizes may not be what the validation set needs.

## References
- [Keras Model.fit](https://keras.io/api/models/model_training_apis/#fit-method)
- [torch.utils.data.random_split](https://pytorch.org/docs/stable/data.html#torch.utils.data.random_split)
- Umlaut user study, task B
)md";

// The array a (possibly sliced) expression reads: `x_train[:100]` -> "x_train".
std::string_view root(Node e, std::string_view src, bool* sliced) {
  e = ast::unparen(e);
  while (e && e.is("subscript")) {
    *sliced = true;
    e = ast::unparen(e.field("value"));
  }
  return e && e.is("identifier") ? e.text(src) : std::string_view{};
}

void keras(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  Node x = ast::argument(c.node, 0, "x", src);
  Node kw = ast::keywordArgument(c.node, "validation_data", src);
  if (!x || !kw) return;
  Node vd = ast::unparen(kw.field("value"));
  if (!vd || !(vd.is("tuple") || vd.is("list")) || vd.namedChildCount() < 1) return;
  Node xv = vd.namedChild(0);
  bool xSliced = false, vSliced = false;
  const std::string_view xr = root(x, src, &xSliced);
  const std::string_view vr = root(xv, src, &vSliced);
  if (xr.empty() || xr != vr || xSliced) return;
  if (!m.networkOf(ast::receiver(c.node))) return;
  Finding f;
  f.range = kw.range();
  f.why = std::string(xv.text(src)) + (vSliced ? " is a slice of " : " is ") +
          std::string(x.text(src)) +
          ", the training data: validation scores will not show overfitting";
  f.related.push_back(relatedAt(x, "the training data"));
  addFix(f, "Use validation_split=0.2", Applicability::Unsafe,
         fixes::replace(kw, "validation_split=0.2"));
  ctx.report(std::move(f));
}

// ---- PyTorch ------------------------------------------------------------------------------

// The name a call is assigned to (`val_loader = DataLoader(...)` -> "val_loader"), or "".
std::string assignedName(Node call, std::string_view src) {
  Node p = call.parent();
  if (!p || !p.is("assignment") || !(p.field("right") == call)) return {};
  Node left = p.field("left");
  if (!left.is("identifier") && !left.is("attribute")) return {};
  std::string name(left.text(src));
  for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return name;
}

bool namedForTraining(std::string_view name) {
  return name.find("train") != std::string_view::npos;
}
bool namedForValidation(std::string_view name) {
  return !namedForTraining(name) && (name.find("val") != std::string_view::npos ||
                                     name.find("test") != std::string_view::npos);
}

// True if `a` and `b` denote the same dataset object: one variable (the same binding), or
// expressions defined by the same constructor call.
bool sameDataset(Node a, Node b, const SemanticModel& m) {
  a = ast::unparen(a);
  b = ast::unparen(b);
  if (!a || !b) return false;
  const std::string_view src = m.source();
  if (a.is("identifier") && b.is("identifier") && a.text(src) == b.text(src)) {
    const Binding* x = m.lookup(a.text(src), a);
    if (x && x == m.lookup(b.text(src), b)) return true;
  }
  Node da = m.definitionOf(a);
  return da && da.is("call") && da == m.definitionOf(b);
}

// A part of a dataset: a name unpacked from random_split(whole, ...), or Subset(whole, ...).
struct Part {
  Node whole;    // the split dataset expression
  Node sibling;  // random_split into two names: the other name
};

std::optional<Part> partOf(Node ds, const SemanticModel& m) {
  const std::string_view src = m.source();
  ds = ast::unparen(ds);
  if (!ds) return std::nullopt;
  if (ds.is("identifier")) {
    const Binding* b = m.lookup(ds.text(src), ds);
    if (b && b->kind == BindingKind::Unpack && b->path.size() == 1) {
      Node v = ast::unparen(b->value);
      if (!v || !v.is("call") || m.canonical(v) != "torch.utils.data.random_split")
        return std::nullopt;
      Part part{ast::argument(v, 0, "dataset", src), Node{}};
      Node pattern = b->target.parent();
      if (pattern && pattern.namedChildCount() == 2) {
        Node other = pattern.namedChild(pattern.namedChild(0) == b->target ? 1 : 0);
        if (other.is("identifier")) part.sibling = other;
      }
      if (!part.whole) return std::nullopt;
      return part;
    }
  }
  Node d = m.definitionOf(ds);
  if (d && d.is("call") && m.canonical(d) == "torch.utils.data.Subset") {
    if (Node whole = ast::argument(d, 0, "dataset", src)) return Part{whole, Node{}};
  }
  return std::nullopt;
}

void torch(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (ast::hasSplat(c.node)) return;
  const std::string name = assignedName(c.node, src);
  if (!namedForValidation(name) || trainingLoopOver(c.node, ctx)) return;
  Node valDs = ast::argument(c.node, 0, "dataset", src);
  if (!valDs) return;
  const auto valPart = partOf(valDs, m);
  for (const CallSite& other : m.calls()) {
    if (other.callee != "torch.utils.data.DataLoader" || other.node == c.node ||
        ast::hasSplat(other.node))
      continue;
    if (!namedForTraining(assignedName(other.node, src)) && !trainingLoopOver(other.node, ctx))
      continue;
    Node trainDs = ast::argument(other.node, 0, "dataset", src);
    if (!trainDs) continue;
    const auto trainPart = partOf(trainDs, m);
    std::string how;
    if (sameDataset(valDs, trainDs, m)) {
      how = " is the training loader's dataset";
    } else if (trainPart && sameDataset(valDs, trainPart->whole, m)) {
      how = " is the whole dataset the training part " + snippet(trainDs, src) + " was split from";
    } else if (valPart && sameDataset(valPart->whole, trainDs, m)) {
      how = " is a part of " + snippet(trainDs, src) + ", which the training loader reads whole";
    } else {
      continue;
    }
    Finding f;
    f.range = valDs.range();
    f.why = snippet(valDs, src) + how + ": validation scores will not show overfitting";
    f.related.push_back(relatedAt(trainDs, "the training loader's dataset"));
    // random_split into (train, val): the other part is the hold-out the user meant.
    if (trainPart && trainPart->sibling && !sameDataset(trainPart->sibling, trainDs, m)) {
      const std::string sibling(trainPart->sibling.text(src));
      if (Node lit = ast::unparen(valDs); lit.is("identifier")) {
        addFix(f, "Use " + sibling, Applicability::Unsafe, fixes::replace(lit, sibling));
      }
    }
    ctx.report(std::move(f));
    return;
  }
}

void onCall(const CallSite& c, Context& ctx) {
  if (c.method == "fit" && c.callee.empty())
    keras(c, ctx);
  else if (c.callee == "torch.utils.data.DataLoader")
    torch(c, ctx);
}

}  // namespace

const RuleDef& validationOverlapsTraining() {
  static const RuleDef kDef{"validation-overlaps-training",
                            "Validation data taken from the training data", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
