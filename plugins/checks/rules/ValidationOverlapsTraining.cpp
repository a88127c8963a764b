// validation-overlaps-training (ML103): fit()'s validation data is (part of) its training data.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds Keras `model.fit(x, y, validation_data=(xv, yv))` where `xv` is `x` itself, or a slice
of `x` while `x` is passed whole (`validation_data=(x_train[:100], y_train[:100])`). Two
different slices of the same array (`x[:50000]` and `x[50000:]`) are a proper hold-out and are
not reported.

## Why is this bad?
The model is validated on samples it trains on, so the validation loss and accuracy track the
training ones: overfitting is invisible, early stopping and checkpoints pick the wrong epoch,
and the reported accuracy is far above what the model does on new data.

## Example
```python
model.fit(train_images, train_labels, epochs=10,
          validation_data=(train_images[:100], train_labels[:100]))
```

Use instead:
```python
model.fit(train_images, train_labels, epochs=10, validation_split=0.1)
```

## Fix safety
Replacing `validation_data=...` by `validation_split=0.2` is unsafe: it holds out the last 20%
of the training arrays, which is only representative when they are shuffled.

## References
- [Keras Model.fit](https://keras.io/api/models/model_training_apis/#fit-method)
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

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (c.method != "fit" || !c.callee.empty()) return;
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
  f.why = std::string(xv.text(src)) + (vSliced ? " is a slice of " : " is ") + std::string(x.text(src)) +
          ", the training data: validation scores will not show overfitting";
  f.related.push_back(relatedAt(x, "the training data"));
  addFix(f, "Use validation_split=0.2", Applicability::Unsafe, fixes::replace(kw, "validation_split=0.2"));
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& validationOverlapsTraining() {
  static const RuleDef kDef{"validation-overlaps-training", "Validation data taken from the training data", kDoc,
                            FixAvailability::Always, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
