// single-unit-softmax (ML207): softmax over a single output unit is the constant 1.0.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds a softmax applied to the output of a layer with one unit: `Dense(1, activation='softmax')`,
`Dense(1)` followed by `Activation('softmax')` / `Softmax()`, or `nn.Linear(k, 1)` followed by
`nn.Softmax(dim=1)`.

## Why is this bad?
Softmax normalises over the units, so over one unit it always returns exactly 1.0: the model
predicts the same value for every input and its gradient is zero. Nothing is learnt; for a
binary task a sigmoid was meant.

## Example
```python
model.add(Dense(1, activation="softmax"))
model.compile(loss="binary_crossentropy", optimizer="adam")
```

Use instead:
```python
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam")
```

## Fix safety
Replacing the softmax with a sigmoid is safe: the softmax output carried no information.

## References
- [tf.keras.activations.softmax](https://www.tensorflow.org/api_docs/python/tf/keras/activations/softmax)
)md";

void onNetwork(const Network& net, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const auto& ops = net.chain.ops;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const Layer& w = ops[i];
    if (!w.isWeight() || !w.units || *w.units != 1 || w.conditional) continue;
    if (w.activation == "softmax" && w.activationArg) {
      Finding f;
      f.range = w.activationArg.range();
      f.why = "softmax over the single unit of " + snippet(w.node, src) + " always outputs 1.0";
      addFix(f, "Use activation='sigmoid'", Applicability::Safe, setKerasActivation(w, "sigmoid"));
      ctx.report(std::move(f));
      continue;
    }
    if (w.activation != "linear") continue;
    for (std::size_t j = i + 1; j < ops.size(); ++j) {
      const Layer& op = ops[j];
      if (op.conditional) break;
      if (op.kind == LayerKind::Dropout || op.kind == LayerKind::Normalization) continue;
      if (op.kind != LayerKind::Activation || op.activation != "softmax") break;
      Finding f;
      f.range = op.node.range();
      f.why = "softmax over the single unit of " + snippet(w.node, src) + " always outputs 1.0";
      f.related.push_back(relatedAt(w.node, "the layer has one unit"));
      Node fn = op.node.is("call") ? op.node.field("function") : Node{};
      if (!op.functional && fn && (fn.is("identifier") || fn.is("attribute"))) {
        Node attr = fn.is("attribute") ? fn.field("attribute") : fn;
        const std::string_view a = attr.text(src);
        if (a == "Softmax" && w.framework == Framework::Torch) {
          addFix(f, "Use Sigmoid()", Applicability::Safe, fixes::replace(op.node, std::string(fn.is("attribute") ? fn.field("object").text(src) : "") + (fn.is("attribute") ? "." : "") + "Sigmoid()"));
        } else if (a == "Activation") {
          Node v = ast::argument(op.node, 0, "activation", src);
          if (v && ast::stringValue(v, src)) addFix(f, "Use Activation('sigmoid')", Applicability::Safe, fixes::replace(v, "'sigmoid'"));
        }
      } else if (op.functional && fn && fn.is("attribute") && fn.field("attribute").text(src) == "softmax") {
        const std::string torchMod = fixes::spell(m, "torch");
        Node input = ast::positional(op.node, 0);
        if (!torchMod.empty() && input && ast::methodName(op.node, src).empty() == false && !m.canonical(op.node).empty()) {
          addFix(f, "Use " + torchMod + ".sigmoid", Applicability::Safe,
                 fixes::replace(op.node, torchMod + ".sigmoid(" + std::string(input.text(src)) + ")"));
        }
      }
      ctx.report(std::move(f));
      break;
    }
  }
}

}  // namespace

const RuleDef& singleUnitSoftmax() {
  static const RuleDef kDef{"single-unit-softmax", "Softmax over a single unit", kDoc, FixAvailability::Sometimes,
                            RuleHooks{.onNetwork = onNetwork}};
  return kDef;
}

}  // namespace mlide::checks::rules
