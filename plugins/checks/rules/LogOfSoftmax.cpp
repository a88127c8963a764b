// log-of-softmax (ML214): `torch.log(F.softmax(x))` / `tf.math.log(tf.nn.softmax(x))` instead of
// log_softmax (Information), and a LogSoftmax feeding CrossEntropyLoss, which applies it again
// (Hint: harmless, log_softmax is idempotent, but redundant).
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds the logarithm of a softmax computed in two steps: `torch.log(F.softmax(x, dim=1))`,
`torch.log(torch.softmax(...))`, `x.softmax(1).log()`, `tf.math.log(tf.nn.softmax(x))`, or
`torch.log(model(x))` when the model (visible in this file) ends with a softmax. It also finds a
`nn.LogSoftmax` / `F.log_softmax` whose output feeds `nn.CrossEntropyLoss` / `F.cross_entropy`,
reported as a Hint.

## Why is this bad?
A softmax output underflows to exactly 0 for classes whose logit is far below the maximum
(about 100 below in float32), and `log(0)` is `-inf`: the loss becomes infinite or NaN
and the gradient with it. `log_softmax` computes `x - logsumexp(x)` directly, which is exact
for every logit and cheaper.

`CrossEntropyLoss` already applies `log_softmax` to its input. Applying it before is harmless
(log_softmax of log-probabilities returns them unchanged), but the extra layer costs time and
suggests the loss expects probabilities; `NLLLoss` is the loss for log-probabilities.

## Example
```python
log_probs = torch.log(F.softmax(logits, dim=1))
```

Use instead:
```python
log_probs = F.log_softmax(logits, dim=1)
```

## Fix safety
Replacing `log(softmax(x, ...))` with `log_softmax(x, ...)` is safe: the values are the same
where the two-step form is finite. For `LogSoftmax` before `CrossEntropyLoss`, switching the
loss to `NLLLoss` (`F.nll_loss`) is safe, since it computes exactly the same value, unless the
loss object is applied elsewhere too (there it may receive logits: unsafe); it is offered only
when the loss has no argument `NLLLoss` lacks (`label_smoothing`). Removing the
`LogSoftmax` is safe when it is applied next to the loss, and unsafe when it is part of the model:
the model's outputs change from log-probabilities to logits for every other caller.

## References
- [torch.nn.functional.log_softmax](https://pytorch.org/docs/stable/generated/torch.nn.functional.log_softmax.html)
- [torch.nn.CrossEntropyLoss](https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html)
- [tf.nn.log_softmax](https://www.tensorflow.org/api_docs/python/tf/nn/log_softmax)
)md";

/// Callees whose log_softmax twin has the same signature, by rewriting the last name.
bool hasLogSoftmaxTwin(std::string_view canonical) {
  return canonical == "torch.nn.functional.softmax" || canonical == "torch.softmax" ||
         canonical == "tensorflow.nn.softmax" || canonical == "tensorflow.math.softmax";
}

/// `log(softmax(x, ...))` rewritten as `log_softmax(x, ...)` from the softmax call's text.
std::optional<Edit> mergeLogSoftmax(Node logCall, const Layer& softmax, const SemanticModel& m) {
  const std::string_view src = m.source();
  Node call = softmax.node;
  if (!call.is("call")) return std::nullopt;
  Node fn = call.field("function");
  if (!fn.is("attribute")) return std::nullopt;
  const bool method = m.canonical(call).empty() && ast::methodName(call, src) == "softmax";
  if (!method && !hasLogSoftmaxTwin(m.canonical(call))) return std::nullopt;
  Node attr = fn.field("attribute");
  std::string text(src.substr(call.begin(), attr.begin() - call.begin()));
  text += "log_softmax";
  text += src.substr(attr.end(), call.end() - attr.end());
  return fixes::replace(logCall, std::move(text));
}

void reportLog(const CallSite& c, Node arg, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const Chain chain = m.chainOf(arg);
  auto out = outputActivation(chain);
  if (!out || out->activation != "softmax" || out->at >= chain.ops.size()) return;
  const Layer& op = chain.ops[out->at];
  // Functional softmax calls are named as written (tf.nn.softmax, logits.softmax).
  const std::string name = op.functional && op.node.is("call")
                               ? snippet(op.node.field("function"), m.source())
                               : op.displayName();
  Finding f;
  f.range = c.node.range();
  f.why = "the log of " + name +
          "'s output is -inf where a probability underflows to 0; log_softmax computes it stably";
  const bool direct = ast::unparen(arg) == op.node;
  if (!direct)
    f.related.push_back(relatedAt(op.node, "the softmax whose output is taken the log of"));
  if (direct) addFix(f, "Use log_softmax", Applicability::Safe, mergeLogSoftmax(c.node, op, m));
  ctx.report(std::move(f));
}

/// How many calls of this file apply the loss object built by `criterion`.
std::size_t uses(Node criterion, const SemanticModel& m) {
  std::size_t n = 0;
  for (const CallSite& c : m.calls()) {
    Node fn = c.node.field("function");
    if ((fn.is("identifier") || fn.is("attribute")) && m.definitionOf(fn) == criterion) ++n;
  }
  return n;
}

/// LogSoftmax (module or function) feeding CrossEntropyLoss / F.cross_entropy.
void reportBeforeCrossEntropy(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const auto& loss = torchLossOf(c, ctx);
  if (!loss) return;
  const std::string_view lossName = loss->spec->name;
  if (lossName != "torch.nn.CrossEntropyLoss" && lossName != "torch.nn.functional.cross_entropy")
    return;
  auto out = torchOutput(*loss);
  if (!out || out->activation != "log_softmax") return;
  const Layer& op = loss->chain.ops[out->at];
  Finding f;
  f.range = op.node.range();
  f.severity = Severity::Hint;
  f.title = "LogSoftmax before a loss that applies it";
  f.unnecessary = true;
  Node lossFn = loss->criterion ? loss->criterion : c.node.field("function");
  f.why = snippet(lossFn, src) + " applies log_softmax itself; " + op.displayName() +
          " before it changes nothing";
  f.related.push_back(relatedAt(c.node, "the loss that applies log_softmax again"));
  // NLLLoss takes the same arguments as CrossEntropyLoss, except label_smoothing.
  Node ctor = loss->criterion ? loss->criterion : c.node;
  Node fn = ctor.field("function");
  if (fn && !ast::hasSplat(ctor) && !ast::keywordArgument(ctor, "label_smoothing", src)) {
    Node name = fn.is("attribute") ? fn.field("attribute") : fn;
    const bool functional = lossName == "torch.nn.functional.cross_entropy";
    // A loss object applied elsewhere too may receive logits there.
    const bool shared = loss->criterion && uses(loss->criterion, m) > 1;
    if (name.is("identifier") &&
        name.text(src) == (functional ? "cross_entropy" : "CrossEntropyLoss")) {
      addFix(f, functional ? "Use nll_loss" : "Use NLLLoss",
             shared ? Applicability::Unsafe : Applicability::Safe,
             fixes::replace(name, functional ? "nll_loss" : "NLLLoss"));
    }
  }
  const bool local =
      op.functional && ast::enclosingFunction(op.node) == ast::enclosingFunction(c.node);
  addFix(f, "Remove " + op.displayName(), local ? Applicability::Safe : Applicability::Unsafe,
         removeActivationOp(op, m));
  ctx.report(std::move(f));
}

void onCall(const CallSite& c, Context& ctx) {
  const std::string_view src = ctx.source();
  if (!c.callee.empty()) {
    if (auto a = functionalActivation(c.callee); a && *a == "log") {
      if (Node arg =
              ast::argument(c.node, 0, c.callee.rfind("torch.", 0) == 0 ? "input" : "x", src)) {
        reportLog(c, arg, ctx);
      }
      return;
    }
  } else if (c.method == "log" && ast::positionalCount(c.node) == 0) {
    if (Node recv = ast::receiver(c.node)) reportLog(c, recv, ctx);
    return;
  }
  reportBeforeCrossEntropy(c, ctx);
}

}  // namespace

const RuleDef& logOfSoftmax() {
  static const RuleDef kDef{"log-of-softmax", "log(softmax(x)) instead of log_softmax(x)", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
