// Layer sequences: what a model computes, as the checks see it.
//
// A Chain is the sequence of operations (layers, functional activations, reshapes) that
// produced a value, in data-flow order. A Network is a named chain: the layers of a Keras
// Sequential / functional model / subclassed model, or of a torch nn.Sequential / nn.Module.
// When the analysis meets something it does not understand (a residual add, a custom layer,
// a loop that adds layers), it records an op of kind Unknown: no rule reasons across it.
//
// Value types; the py::Node members point into the analysed tree (see SemanticModel.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/python/SyntaxTree.hpp"
#include "plugins/checks/model/Api.hpp"

namespace mlide::checks::model {

struct Layer {
  LayerKind kind = LayerKind::Unknown;
  Framework framework = Framework::Unknown;
  std::string name;          // canonical layer/function name ("keras.layers.Dense"); "" if unknown
  py::Node node;             // the constructor call, the functional call, or the unknown expression
  /// Weight layers: the activation applied inside the layer ("linear" when there is none,
  /// "" when it is not a literal we understand). Activation ops: the canonical activation.
  std::string activation;
  py::Node activationArg;    // Weight: the `activation=...` argument node (keyword_argument or value)
  std::optional<double> units;  // Dense units, Linear out_features, Conv filters/out_channels
  std::optional<double> rate;   // Dropout rate / p
  bool functional = false;   // applied as a function (F.relu(x), x.softmax(1)), not a layer object
  bool conditional = false;  // added under a loop or a branch (model.add inside `for`)

  bool known() const { return kind != LayerKind::Unknown; }
  bool isWeight() const { return kind == LayerKind::Weight; }
  /// Short display name: "Dense", "nn.Linear", "F.relu".
  std::string displayName() const;
};

struct Chain {
  std::vector<Layer> ops;
  /// True when the chain starts at a model input (an Input(), a forward() parameter) and every
  /// op is known: the whole computation is visible.
  bool fromInput = false;

  bool complete() const;
  /// Appends the ops of `tail`.
  void append(const Chain& tail);
};

struct Network {
  enum class Style { KerasSequential, KerasFunctional, KerasSubclass, TorchSequential, TorchModule };
  Style style = Style::KerasSequential;
  Framework framework = Framework::Unknown;
  py::Node definition;       // the Sequential(...)/Model(...) call, or the class_definition
  std::string name;          // the variable or class it is bound to ("model", "Net"); may be empty
  Chain chain;               // the layers, input to output
  /// Modules a torch/Keras subclass registers in __init__ (self.x = nn.Dropout(...)), whether
  /// or not forward() uses them in a way we follow.
  std::vector<Layer> registered;

  bool hasKind(LayerKind k) const;  // in the chain or registered
  bool isKeras() const { return framework == Framework::Keras; }
  bool isTorch() const { return framework == Framework::Torch; }
};

/// What follows a weight layer before the next weight layer.
struct AfterWeight {
  enum class State {
    Activated,     // a non-linearity follows (its index in `at`)
    Linear,        // the next weight layer follows with nothing non-linear between (index in `at`)
    End,           // the chain ends (the layer is the output layer)
    Undetermined,  // an unknown op or a non-literal activation: no conclusion
  };
  State state = State::Undetermined;
  std::size_t at = 0;
};

/// Effective activation after weight layer `i` of `ops`: its own activation if it has a
/// non-linear one, else the next activation op, skipping transparent ops (normalisation,
/// dropout, reshape, pooling, preprocessing).
AfterWeight afterWeight(const std::vector<Layer>& ops, std::size_t i);

/// The activation that produces the chain's output, and the index of the op that applies it
/// (for weight layers with an embedded activation, the weight layer). nullopt when an unknown
/// op or a non-literal activation decides it. "linear" means no activation.
struct OutputActivation {
  std::string activation;
  std::size_t at = 0;          // the op applying the activation (or the last weight layer)
  std::size_t weight = 0;      // index of the last weight layer; == ops.size() if none
  bool embedded = false;       // applied by the weight layer's own `activation=` argument
};
std::optional<OutputActivation> outputActivation(const Chain& chain);

/// True for kinds the activation analysis looks through.
bool isTransparent(LayerKind k);

}  // namespace mlide::checks::model
