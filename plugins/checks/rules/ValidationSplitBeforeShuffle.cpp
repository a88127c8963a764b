// validation-split-before-shuffle (ML105): Keras `fit(x, y, validation_split=...)` on labels
// that are visibly sorted by class (concatenated constant blocks, np.repeat(np.arange(k), n)):
// the split takes the last samples before shuffling, so validation holds only the last classes.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds Keras `fit(x, y, validation_split=...)` calls whose labels `y` are visibly ordered by class:
built by concatenating constant blocks (`np.concatenate([np.zeros(n), np.ones(m)])`,
`[0] * n + [1] * m`, `np.full(n, k)`) or by `np.repeat(np.arange(k), n)`, and not shuffled
before `fit` (no reassignment, no `shuffle(...)` / `permutation` call on `x` or `y`).
Labels whose order the file does not show are not reported.

## Why is this bad?
`validation_split` takes the *last* fraction of the samples as validation data, before the
`shuffle=True` of `fit` applies (which shuffles the training part only). With data concatenated
class by class, validation then holds only the last class (or classes), and some classes are
missing from training: validation accuracy is meaningless and the model never sees those classes.

## Example
```python
x = np.concatenate([cats, dogs])
y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))])
model.fit(x, y, validation_split=0.2)
```

Use instead:
```python
x = np.concatenate([cats, dogs])
y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))])
perm = np.random.permutation(len(y))
x, y = x[perm], y[perm]
model.fit(x, y, validation_split=0.2)
```
or pass held-out data with `validation_data=(x_val, y_val)`.

## Fix safety
Inserting the permutation before `fit` is unsafe: it changes which samples are used for
validation, so results change (they become meaningful), and runs are reproducible only with a
NumPy seed.

## References
- [tf.keras.Model.fit: validation_split](https://www.tensorflow.org/api_docs/python/tf/keras/Model#fit)
)md";

/// An array of one repeated label: np.zeros(n), np.ones(n), np.full(n, k), [k] * n, k * np.ones(n).
bool constantBlock(Node e, const SemanticModel& m) {
  const std::string_view src = m.source();
  e = ast::unparen(e);
  if (e.is("call")) {
    const std::string c = m.canonical(e);
    if (c == "numpy.zeros" || c == "numpy.ones" || c == "numpy.zeros_like" ||
        c == "numpy.ones_like")
      return true;
    if (c == "numpy.full" || c == "numpy.full_like")
      return m.evalNumber(ast::argument(e, 1, "fill_value", src)).has_value();
    const std::string_view method = ast::methodName(e, src);
    if (method == "astype" || method == "reshape") return constantBlock(ast::receiver(e), m);
    return false;
  }
  if (e.is("binary_operator") && e.field("operator").text(src) == "*") {
    Node l = ast::unparen(e.field("left")), r = ast::unparen(e.field("right"));
    auto oneLiteralList = [&](Node n) {
      return n.is("list") && n.namedChildCount() == 1 && m.evalNumber(n.namedChild(0));
    };
    if (oneLiteralList(l) || oneLiteralList(r)) return true;  // [k] * n
    if (m.evalNumber(l) && constantBlock(r, m)) return true;  // k * np.ones(n)
    if (m.evalNumber(r) && constantBlock(l, m)) return true;
  }
  return false;
}

/// The expression that orders `y` by class, or null: follows names, np.array(...), slices.
Node orderedLabels(Node e, const SemanticModel& m) {
  const std::string_view src = m.source();
  for (int depth = 0; depth < 16; ++depth) {
    e = ast::unparen(e);
    if (!e) return Node{};
    if (e.is("identifier")) {
      const Binding* b = m.lookup(e.text(src), e);
      if (!b || b->kind != BindingKind::Assign) return Node{};
      e = b->value;
      continue;
    }
    if (e.is("subscript")) {  // y[:n] keeps the order; y[perm] may not
      Node index = e.field("subscript");
      if (!index || !index.is("slice")) return Node{};
      e = e.field("value");
      continue;
    }
    if (e.is("binary_operator") && e.field("operator").text(src) == "+") {  // [0] * n + [1] * m
      Node l = e.field("left"), r = e.field("right");
      if (constantBlock(r, m) && (constantBlock(l, m) || orderedLabels(l, m))) return e;
      return Node{};
    }
    if (!e.is("call")) return Node{};
    const std::string c = m.canonical(e);
    const std::string_view method = ast::methodName(e, src);
    if (c == "numpy.array" || c == "numpy.asarray" || c == "tensorflow.constant" ||
        (c.empty() && (method == "astype" || method == "reshape" || method == "flatten"))) {
      e = c.empty() ? ast::receiver(e) : ast::positional(e, 0);
      continue;
    }
    if (c == "numpy.concatenate" || c == "numpy.hstack" || c == "numpy.vstack" ||
        c == "tensorflow.concat") {
      Node parts = ast::unparen(ast::positional(e, 0));
      if (!parts || !(parts.is("list") || parts.is("tuple"))) return Node{};
      std::size_t blocks = 0;
      for (Node p : parts.namedChildren()) {
        if (p.is("comment")) continue;
        if (!constantBlock(p, m)) return Node{};
        ++blocks;
      }
      return blocks >= 2 ? e : Node{};
    }
    if (c == "numpy.repeat") {  // np.repeat(np.arange(k), n): 0,0,..,1,1,..
      Node values = ast::unparen(ast::positional(e, 0));
      if (values && values.is("call") && m.canonical(values) == "numpy.arange" &&
          !ast::keywordArgument(e, "axis", src)) {
        return e;
      }
      return Node{};
    }
    return Node{};
  }
  return Node{};
}

/// True if some call shuffles `name` in place or builds a permutation from it.
bool shuffledSomewhere(std::string_view name, const SemanticModel& m) {
  const std::string_view src = m.source();
  for (const CallSite& c : m.calls()) {
    const std::string_view fn = c.node.field("function").text(src);
    if (fn.find("shuffle") == std::string_view::npos && fn.find("permut") == std::string_view::npos)
      continue;
    Node args = ast::arguments(c.node);
    if (!args) continue;
    for (Node a : args.namedChildren()) {
      if (ast::unparen(a).text(src) == name) return true;
    }
  }
  return false;
}

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  if (c.method != "fit" || !c.callee.empty() || ast::hasSplat(c.node)) return;
  Node split = ast::keywordArgument(c.node, "validation_split", src);
  if (!split) return;
  auto fraction = m.evalNumber(split.field("value"));
  if (!fraction || *fraction <= 0) return;
  Node x = ast::argument(c.node, 0, "x", src);
  Node y = ast::argument(c.node, 1, "y", src);
  if (!x || !y) return;
  Node ordered = orderedLabels(y, m);
  if (!ordered) return;
  const std::string xs(ast::unparen(x).text(src)), ys(ast::unparen(y).text(src));
  if (shuffledSomewhere(xs, m) || shuffledSomewhere(ys, m)) return;
  Finding f;
  f.range = split.range();
  f.why = ys + " is sorted by class and validation_split takes the last " +
          formatNumber(*fraction * 100) +
          "% of the samples before shuffling: validation sees only the last classes, training "
          "misses them";
  f.related.push_back(relatedAt(ordered, "the labels are built class by class here"));
  const std::string np = fixes::spell(m, "numpy.random.permutation");
  Node stmt = ast::statementOf(c.node);
  if (!np.empty() && ast::unparen(x).is("identifier") && ast::unparen(y).is("identifier") &&
      !m.lookup("perm", c.node)) {
    // One insertion of two lines: the second line takes the statement's indentation.
    const std::string code = "perm = " + np + "(len(" + ys + "))" +
                             std::string(ast::newlineOf(src)) + ast::indentAt(src, stmt.begin()) +
                             xs + ", " + ys + " = " + xs + "[perm], " + ys + "[perm]";
    addFix(f, "Shuffle " + xs + " and " + ys + " before fit()", Applicability::Unsafe,
           fixes::insertLineBefore(stmt, code, src));
  }
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& validationSplitBeforeShuffle() {
  static const RuleDef kDef{"validation-split-before-shuffle",
                            "validation_split on data ordered by class", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
