// input-not-float (ML108), static side: integer arithmetic on the uint8 pixels of
// keras.datasets.*.load_data() before they become floats (`x - 128` wraps around, `x // 255`
// floors), on the way to fit/evaluate/predict. A uint8 array passed straight to fit() is left
// to input-not-normalized: Keras casts it to float itself; the unscaled range is the problem.
#include <set>

#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Follows the first argument of a Keras `fit` / `evaluate` / `predict` back to
`keras.datasets.{mnist,fashion_mnist,cifar10,cifar100}.load_data()`, whose images are `uint8`,
and finds arithmetic with an integer literal that runs on them before anything makes them
floating point: `x - 128`, `x * 2`, `x + 1` and `x // 255`.

A `uint8` array passed to `fit` unchanged is not reported by this rule: Keras converts the
model input to its float dtype by itself, so the dtype alone does no harm there; the 0..255
range does, and `input-not-normalized` reports it (its fix, `x / 255.0`, also makes the array
float). The two rules never report the same expression. PyTorch is not checked in source: an
integer tensor fed to `nn.Linear` or a convolution raises a dtype error on the first batch,
and integer tensors are the right input for `nn.Embedding`.

## Why is this bad?
NumPy keeps the `uint8` dtype when an array is combined with a Python integer that fits in it,
and `uint8` arithmetic wraps around modulo 256: `x - 128` turns the dark pixels 0..127 into
128..255 and the bright ones into 0..127, `x * 2` wraps every pixel above 127. Floor division
`x // 255` leaves only 0 and 1. The model then trains on scrambled images without any error.

## Example
```python
(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = (x_train - 128) / 128
model.fit(x_train, y_train)
```

Use instead:
```python
(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = (x_train.astype('float32') - 128) / 128
model.fit(x_train, y_train)
```

## Fix safety
Converting the array operand with `.astype('float32')` before `-`, `+` or `*` is safe: it
computes what the expression says without wrapping around. Replacing `//` with `/` is unsafe:
floor division may have been meant (to binarise the images), though then a threshold says it
better.

## References
- [NumPy: data type promotion (NEP 50)](https://numpy.org/doc/stable/reference/arrays.promotion.html)
- [tf.keras.datasets.mnist.load_data](https://www.tensorflow.org/api_docs/python/tf/keras/datasets/mnist/load_data)
- Umlaut check `check_input_is_floating`
)md";

struct Step {
  Node op;     // a binary_operator applied to the array
  Node array;  // its operand that carries the array
  bool toFloat = false;
};

/// True for an integer literal 1..255 (a Python int that NumPy combines with uint8 as uint8).
bool smallIntegerLiteral(Node e, const SemanticModel& m) {
  Node lit = m.literalOf(e);
  if (!lit || !lit.is("integer")) return false;
  auto v = ast::numberLiteral(lit, m.source());
  return v && *v >= 1 && *v <= 255;
}

/// Walks from `e` back to a load_data() image array; the operations met, outermost first.
/// Returns the load call, or null when the origin is something else or a conversion we do not
/// model (astype, a dtype= argument, an in-place update) comes first.
Node walk(Node e, const SemanticModel& m, std::vector<Step>& steps) {
  const std::string_view src = m.source();
  for (int depth = 0; depth < 24; ++depth) {
    e = ast::unparen(e);
    if (!e) return Node{};
    if (e.is("identifier")) {
      const Binding* b = m.lookup(e.text(src), e);
      if (!b) return Node{};
      if (b->kind == BindingKind::Unpack) {
        Node v = ast::unparen(b->value);
        if (v.is("call") && isImageDatasetLoader(m.canonical(v)) && b->path.size() == 2 &&
            b->path[1] == 0)
          return v;
        return Node{};
      }
      if (b->kind != BindingKind::Assign) return Node{};
      e = b->value;
      continue;
    }
    if (e.is("subscript")) {
      e = e.field("value");
      continue;
    }
    if (e.is("binary_operator")) {
      const std::string_view op = e.field("operator").text(src);
      Node l = e.field("left"), r = e.field("right");
      if (op == "/") {  // true division: floats from here on
        steps.push_back({e, l, true});
        e = l;
        continue;
      }
      if (op != "-" && op != "+" && op != "*" && op != "//") return Node{};
      if (smallIntegerLiteral(r, m)) {
        steps.push_back({e, l});
        e = l;
      } else if (smallIntegerLiteral(l, m) && op != "//") {
        steps.push_back({e, r});
        e = r;
      } else {
        return Node{};
      }
      continue;
    }
    if (e.is("call")) {
      const std::string_view method = ast::methodName(e, src);
      const std::string c = m.canonical(e);
      if (c.empty() && (method == "reshape" || method == "copy" || method == "squeeze")) {
        e = ast::receiver(e);
        continue;
      }
      if ((c == "numpy.expand_dims" || c == "numpy.reshape" || c == "numpy.squeeze") &&
          !ast::keywordArgument(e, "dtype", src)) {
        e = ast::positional(e, 0);
        continue;
      }
      return Node{};
    }
    return Node{};
  }
  return Node{};
}

std::string asFloat(Node array, std::string_view src) {
  const std::string text(array.text(src));
  Node u = ast::unparen(array);
  if (u.is("identifier") || u.is("attribute") || u.is("subscript") || u.is("call"))
    return text + ".astype('float32')";
  return "(" + text + ").astype('float32')";
}

void onModule(Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  std::set<std::size_t> reported;
  for (const CallSite& c : m.calls()) {
    if (!c.callee.empty() || (c.method != "fit" && c.method != "evaluate" && c.method != "predict"))
      continue;
    Node x = ast::argument(c.node, 0, "x", src);
    if (!x) continue;
    std::vector<Step> steps;
    Node load = walk(x, m, steps);
    if (!load) continue;
    // The walk meets the operations outermost first: the last one ran first, on the uint8 array.
    const Step* culprit = steps.empty() || steps.back().toFloat ? nullptr : &steps.back();
    if (!culprit || !reported.insert(culprit->op.begin()).second) continue;
    const std::string_view op = culprit->op.field("operator").text(src);
    Finding f;
    f.range = culprit->op.range();
    const std::string array = snippet(culprit->array, src);
    if (op == "//") {
      f.why = array + " holds uint8 pixels; floor division keeps integers and leaves only 0 and 1";
    } else {
      f.why = array +
              " holds uint8 pixels, and uint8 arithmetic with an integer wraps around modulo 256";
    }
    f.related.push_back(relatedAt(load, "loaded here as uint8 values 0..255"));
    f.related.push_back(
        relatedAt(c.node, "the scrambled values reach " + std::string(c.method) + "() here"));
    if (op == "//") {
      addFix(f, "Use true division /", Applicability::Unsafe,
             fixes::replace(culprit->op.field("operator"), "/"));
    } else {
      addFix(f, "Convert " + array + " to float32 first", Applicability::Safe,
             fixes::replace(culprit->array, asFloat(culprit->array, src)));
    }
    ctx.report(std::move(f));
  }
}

}  // namespace

const RuleDef& inputNotFloat() {
  static const RuleDef kDef{"input-not-float", "Integer arithmetic on uint8 input data", kDoc,
                            FixAvailability::Always, RuleHooks{.onModule = onModule}};
  return kDef;
}

}  // namespace mlide::checks::rules
