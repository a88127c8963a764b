// Facts several rules share, derived from the semantic model: the loss a Keras model is
// compiled with, the loss a PyTorch training step calls and the chain that feeds it, and
// small formatting helpers for messages. Pure functions over the model.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/diag/Diagnostic.hpp"
#include "plugins/checks/Context.hpp"
#include "plugins/checks/model/SemanticModel.hpp"

namespace mlide::checks::rules {

using py::Node;

/// `model.compile(loss=..., ...)` on a network the file builds.
struct KerasLoss {
  Node compile;                         // the compile call
  const model::Network* network = nullptr;
  Node expr;                            // the loss argument as written (string, call, name)
  Node definition;                      // what it names: the literal, the loss object call, the function
  const model::LossSpec* spec = nullptr;
  std::optional<bool> fromLogits;       // false when absent; nullopt when not a literal
  Node fromLogitsArg;                   // the `from_logits=` keyword argument, if written
  bool isString = false;                // loss='categorical_crossentropy'
  bool isObject = false;                // loss=CategoricalCrossentropy(...)
};

/// The loss of a `compile` call, when both the network and the loss are known.
std::optional<KerasLoss> kerasLoss(const model::CallSite& compile, const model::SemanticModel& m);

/// A PyTorch loss applied to a prediction: `criterion(out, y)`, `F.nll_loss(out, y)`,
/// `nn.CrossEntropyLoss()(out, y)`.
struct TorchLoss {
  Node call;                        // the loss call
  Node criterion;                   // the loss object's constructor call; null for functions
  const model::LossSpec* spec = nullptr;
  Node input;                       // the prediction argument
  model::Chain chain;               // what produced `input`
};

std::optional<TorchLoss> torchLoss(const model::CallSite& call, const model::SemanticModel& m);
/// torchLoss(), computed once per call and lint (six rules ask for it on every call).
const std::optional<TorchLoss>& torchLossOf(const model::CallSite& call, Context& ctx);

/// The ops of `chain` after its last Unknown op (what is certain about the output).
std::size_t knownTailStart(const model::Chain& chain);

/// A short rendering of source text for messages: whitespace collapsed, at most ~40 chars.
std::string snippet(Node n, std::string_view src);
/// "line 12" (1-based) of offset `at`.
std::string lineLabel(std::string_view src, std::size_t at);
/// A number as a user would write it: 0.8, 1e-05, -1000.
std::string formatNumber(double v);

/// Related information pointing at `n`.
RelatedInfo relatedAt(Node n, std::string message);

/// A fix with one edit (skipped when the edit could not be built).
void addFix(Finding& f, std::string title, Applicability a, std::optional<Edit> edit);
void addFix(Finding& f, std::string title, Applicability a, std::vector<std::optional<Edit>> edits);

/// The torch.nn module spelled for new code ("nn", "torch.nn"), or "" if neither is imported.
std::string torchNn(const model::SemanticModel& m);
/// torch.nn.functional spelled for new code ("F", "torch.nn.functional"), or "".
std::string torchF(const model::SemanticModel& m);
/// keras.losses spelled for new code ("tf.keras.losses", "keras.losses", "losses"), or "".
std::string kerasLosses(const model::SemanticModel& m);

}  // namespace mlide::checks::rules

namespace mlide::checks::rules {

/// Training-loop events, PyTorch style.
enum class EventKind { Backward, Step, ZeroGrad, SchedulerStep, Eval, Train };

struct LoopEvent {
  EventKind kind;
  Node call;      // the call that does it (may be inside a helper function of this file)
  Node anchor;    // the call in the scanned body: `call` itself, or the call of the helper
  Node receiver;  // `optimizer` of optimizer.step(), `model` of model.eval(); may be null
  bool guarded = false;  // under an `if` inside the scanned body
};

/// True if the receiver of a `.step()` is a learning-rate scheduler: built by one, or named
/// like one (`sched`, `lr_`). False for null.
bool isSchedulerReceiver(Node recv, const model::SemanticModel& m);

/// The events in `body` in document order, without descending into nested definitions; calls
/// to functions defined in this file are followed one level deep (their events get the call
/// as anchor). `scaler.step(opt)` is a Step with receiver `opt`; `p.grad = None` a ZeroGrad.
std::vector<LoopEvent> loopEvents(Node body, const model::SemanticModel& m);

/// loopEvents(), computed once per loop body and lint.
const std::vector<LoopEvent>& loopEventsOf(Node body, Context& ctx);
/// True if the body of `loop` both calls backward() and steps an optimizer (from loopEventsOf).
bool loopTrains(Node loop, Context& ctx);
/// True if some loop nested inside `loop` (not `loop` itself) in the same function trains
/// (loopTrains); once per loop and lint.
bool nestedLoopTrains(Node loop, Context& ctx);
/// The for loop of this file that iterates the DataLoader built by `loader` (directly or
/// through enumerate/tqdm/iter) and calls backward(); null if none.
Node trainingLoopOver(Node loader, Context& ctx);

/// The body block of a for/while statement.
Node loopBody(Node loop);

/// Provenance of a Keras input array: follows names, subscripts, reshape/astype/expand_dims.
struct ArrayOrigin {
  enum class Kind { Unknown, RawImages, Scaled } kind = Kind::Unknown;
  Node load;           // the load_data() call (RawImages)
  Node statement;      // the statement that unpacks it
  std::string dataset; // "mnist"
};
ArrayOrigin arrayOrigin(Node expr, const model::SemanticModel& m);

}  // namespace mlide::checks::rules

namespace mlide::checks::rules {

/// Sets the `activation=` of a Keras weight layer: replaces the value already written, or
/// appends the keyword. nullopt when the layer's call cannot take the edit.
std::optional<Edit> setKerasActivation(const model::Layer& layer, std::string_view activation);
/// Removes the activation a Keras weight layer applies (its `activation=` argument).
std::optional<Edit> removeKerasActivation(const model::Layer& layer, std::string_view src);
/// Removes an activation op from the model: unwraps `F.softmax(x)` / `x.softmax(1)`, removes
/// `nn.Softmax()` from an `nn.Sequential(...)` / `Sequential([...])`. nullopt otherwise.
std::optional<Edit> removeActivationOp(const model::Layer& op, const model::SemanticModel& m);
/// True if `n` is an element of a layer list (an argument of nn.Sequential, an item of a list).
bool inLayerList(Node n);
/// The canonical callee of a model op is one of `names`.
bool opIs(const model::Layer& op, std::initializer_list<std::string_view> names);
/// The output activation of a torch loss input, with the op index; nullopt when unknown.
std::optional<model::OutputActivation> torchOutput(const TorchLoss& loss);
/// Name of the loss for messages ("nn.CrossEntropyLoss", "'sparse_categorical_crossentropy'").
std::string lossLabel(const model::SemanticModel& m, Node definition);

}  // namespace mlide::checks::rules

namespace mlide::checks::rules {

/// True if `n` lies in a LightningModule (the trainer runs loops, modes and zero_grad).
bool inLightning(Node n, const model::SemanticModel& m);
/// True if `loop` is an ancestor of `n` within the same function.
bool inLoop(Node n, Node loop);
/// The receiver text of an event ("optimizer"), or "".
std::string receiverText(const LoopEvent& e, std::string_view src);

}  // namespace mlide::checks::rules
