// mlide training client for libtorch loops (header-only): mlide::TrainingRun.
//
//   #include "mlide/torch_client.hpp"
//
//   auto net = std::make_shared<Net>();
//   torch::optim::SGD optimizer(net->parameters(), torch::optim::SGDOptions(0.01));
//   mlide::TrainingRun run(*net, optimizer, {.name = "mnist", .loss = "CrossEntropyLoss"});
//   for (int epoch = 0; epoch < epochs; ++epoch) {
//     for (auto& batch : *loader) {
//       run.observe_input(batch.data);        // statistics of the first batch of each epoch
//       ...forward, loss, backward...
//       run.observe_gradients();              // optional: per-step gradient norms
//       optimizer.step();
//     }
//     run.log_epoch(epoch, {{"loss", train_loss}, {"val_loss", val_loss}});
//   }
//   run.finish();
//
// What is measured, and what it costs inside the loop:
//   - at construction: the model's class, first convolution (name, in_channels), last Linear
//     (number of classes, with a cross-entropy loss), the optimizer's class and learning rate,
//     and the source line of the construction (std::source_location-style, with GCC/Clang's
//     __builtin_FILE/__builtin_LINE default arguments, which work in C++17 too);
//   - observe_input(): for the first `input_batches` training batches of each epoch, a few
//     passes over the batch (min, max, mean, std of the finite elements, NaN/Inf counts, dtype,
//     shape, whether all values are whole numbers) and two small device-to-host copies;
//     afterwards a counter check. Batches seen while the model is in eval() mode are skipped;
//   - observe_gradients(): one norm and one zero count per parameter tensor, one copy per call;
//   - log_epoch(): reads the optimizer's current learning rate (schedulers included) and queues
//     the epoch; it never waits for the network (see training_client.hpp);
//   - warnings libtorch raises (TORCH_WARN, e.g. mse_loss's "target size that is different to
//     the input size") are forwarded once per message per epoch, and still printed as before.
//
// Requires libtorch (1.13 is what this was tested with) and C++17. The sending, buffering and
// retrying core is training_client.hpp, which does not need torch.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/optimizer.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <c10/util/Exception.h>
#include <c10/util/Type.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <typeinfo>
#include <utility>
#include <vector>

#include "training_client.hpp"

namespace mlide {

/// The caller's file and line, taken by default arguments at the call site (like C++20's
/// std::source_location::current(), which GCC 12 also has, but this works in C++17).
struct SourceLocation {
  const char* file = "";
  int line = 0;
  static SourceLocation current(const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
    return {file, line};
  }
};

struct RunOptions {
  /// The run's name in mlide (a counter is added when it collides): "mnist", "mnist_2".
  std::string name;
  /// The loss's class name ("CrossEntropyLoss", "MSELoss", ...), for the checks that depend on
  /// the task (the number of classes is taken from the last Linear with a cross-entropy).
  std::string loss;
  /// The scheduler's class name ("StepLR"), if any; the learning rate itself is read each epoch.
  std::string scheduler;
  /// Planned number of epochs and of classes; 0: unknown / inferred.
  int epochs = 0;
  int num_classes = 0;
  /// How many training batches per epoch observe_input() measures.
  int input_batches = 1;
  /// Explicit listener; empty: discovered (environment, then .mlide/listener.json above the
  /// source file or the working directory).
  std::string endpoint;
  std::string token_file;
  /// false: no messages. on_message: where they go instead of stderr.
  bool verbose = true;
  std::function<void(const std::string&)> on_message;
  /// How long finish() (and the destructor) wait for the daemon to acknowledge everything.
  std::chrono::milliseconds finish_timeout{30000};
};

namespace detail {

/// PyTorch's (Python) name of a dtype: the names the daemon's checks know.
inline std::string dtype_name(c10::ScalarType t) {
  switch (t) {
    case c10::ScalarType::Float: return "float32";
    case c10::ScalarType::Double: return "float64";
    case c10::ScalarType::Half: return "float16";
    case c10::ScalarType::BFloat16: return "bfloat16";
    case c10::ScalarType::Byte: return "uint8";
    case c10::ScalarType::Char: return "int8";
    case c10::ScalarType::Short: return "int16";
    case c10::ScalarType::Int: return "int32";
    case c10::ScalarType::Long: return "int64";
    case c10::ScalarType::Bool: return "bool";
    case c10::ScalarType::ComplexFloat: return "complex64";
    case c10::ScalarType::ComplexDouble: return "complex128";
    default: {
      std::string s = c10::toString(t);
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    }
  }
}

/// "torch::optim::SGD" -> "SGD".
inline std::string unqualified(std::string name) {
  const auto colon = name.rfind("::");
  return colon == std::string::npos ? name : name.substr(colon + 2);
}

inline const torch::nn::Module& module_of(const torch::nn::Module& m) { return m; }
template <typename M>
const torch::nn::Module& module_of(const std::shared_ptr<M>& m) {
  return *m;
}
template <typename M>
const torch::nn::Module& module_of(const torch::nn::ModuleHolder<M>& m) {
  return *m.ptr();
}

/// Forwards libtorch warnings to the run while it is attached; chains to the previous handler,
/// so they are still printed. libtorch's handler is per thread: it is installed on the thread
/// that constructs the TrainingRun. If the run ends on another thread (or another handler was
/// installed on top), the forwarder cannot be uninstalled safely and stays, inert, for the rest
/// of the process (a few bytes).
class WarningForwarder final : public c10::WarningHandler {
 public:
  explicit WarningForwarder(client::Session* session)
      : session_(session), previous_(c10::Warning::get_warning_handler()), thread_(std::this_thread::get_id()) {}

  void process(const c10::SourceLocation& where, const std::string& msg, const bool verbatim) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (session_ && sent_.size() < 1000 && sent_.insert({epoch_, msg}).second) {
        // The user's line is unknown here (the warning comes from libtorch's own code).
        session_->log_warning(epoch_, "UserWarning", msg);
      }
    }
    if (previous_) previous_->process(where, msg, verbatim);
  }

  void set_epoch(int epoch) {
    std::lock_guard<std::mutex> lock(mutex_);
    epoch_ = epoch;
  }

  /// Stops forwarding; uninstalls and deletes `self` when that is safe.
  static void detach(WarningForwarder* self) {
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      self->session_ = nullptr;
    }
    if (std::this_thread::get_id() == self->thread_ && c10::Warning::get_warning_handler() == self) {
      c10::Warning::set_warning_handler(self->previous_);
      delete self;
    }
  }

 private:
  std::mutex mutex_;
  client::Session* session_;  // guarded by mutex_; null once detached
  int epoch_ = -1;            // guarded by mutex_
  std::set<std::pair<int, std::string>> sent_;  // guarded by mutex_
  c10::WarningHandler* previous_;
  std::thread::id thread_;
};

}  // namespace detail

/// min/max/mean/std over the finite elements, NaN/Inf counts, dtype, shape, integral, of `x`
/// (any device; two small copies to the host). No autograd. Works in float32 (float64 for
/// float64, int32 and int64 tensors) with one scratch buffer the size of the batch; the NaN/Inf
/// census runs only when the sum says there is something non-finite.
inline client::InputStats tensor_stats(const torch::Tensor& x) {
  torch::NoGradGuard no_grad;
  client::InputStats s;
  const torch::Tensor t = x.detach();
  s.dtype = detail::dtype_name(t.scalar_type());
  s.shape = t.sizes().vec();
  if (t.numel() == 0 || t.is_complex()) return s;
  const auto type = t.scalar_type();
  const bool floating = t.is_floating_point();
  const auto work = type == torch::kDouble || type == torch::kInt || type == torch::kLong ? torch::kDouble : torch::kFloat;
  torch::Tensor f = t.reshape({-1});
  if (type != work) f = f.to(work);  // exact for 8/16-bit integers, bool and half types
  torch::Tensor total = f.sum();
  if (floating && !std::isfinite(total.item<double>())) {
    // A NaN or an infinity somewhere (or values whose sum overflows): count them and keep the
    // finite elements.
    const torch::Tensor counts = torch::stack({torch::isnan(f).sum(), torch::isinf(f).sum()}).to(torch::kCPU);
    s.nan_count = counts[0].item<std::int64_t>();
    s.inf_count = counts[1].item<std::int64_t>();
    f = f.masked_select(torch::isfinite(f));
    if (f.numel() == 0) return s;
    total = f.sum();
  }
  const double n = static_cast<double>(f.numel());
  const auto [lo, hi] = torch::aminmax(f);
  torch::Tensor scratch = torch::empty_like(f);
  s.integral = !floating || torch::equal(f, torch::floor_out(scratch, f));
  torch::sub_out(scratch, f, total / n);  // two-pass variance: no cancellation for large means
  const torch::Tensor squares = scratch.mul_(scratch).sum();
  const torch::Tensor v = torch::stack({lo.to(torch::kDouble), hi.to(torch::kDouble), total.to(torch::kDouble),
                                        squares.to(torch::kDouble)})
                              .to(torch::kCPU);
  const auto a = v.accessor<double, 1>();
  s.has_range = true;
  s.min = a[0];
  s.max = a[1];
  s.mean = a[2] / n;
  s.std = std::sqrt(a[3] / n);  // population std, as PyTorch's std(unbiased=False)
  return s;
}

/// A libtorch training run attached to mlide.
///
/// Thread-safety: observe_*() and log_epoch() from the training thread (one at a time);
/// finish() from any thread. Lifetime: the model and the optimizer must outlive the run (or its
/// finish()). The destructor finishes the run if finish() was not called: status "failed" when
/// an exception is unwinding through it, else "finished". Not copyable or movable.
class TrainingRun {
 public:
  /// Attaches to `model` (a Module, a std::shared_ptr to one, or a TORCH_MODULE holder) trained
  /// by `optimizer`. `where` is the caller's line (leave it defaulted).
  template <typename Model>
  TrainingRun(const Model& model, torch::optim::Optimizer& optimizer, RunOptions options = {},
              SourceLocation where = SourceLocation::current())
      : TrainingRun(detail::module_of(model), &optimizer, std::move(options), where) {}

  /// Without an optimizer (no learning rate): pass `lr` to log_epoch() when there is one.
  template <typename Model>
  explicit TrainingRun(const Model& model, RunOptions options = {}, SourceLocation where = SourceLocation::current())
      : TrainingRun(detail::module_of(model), nullptr, std::move(options), where) {}

  ~TrainingRun() {
    const bool unwinding = std::uncaught_exceptions() > uncaught_;
    finish(unwinding ? "failed" : "finished", unwinding ? "an exception ended the training run" : "");
  }

  TrainingRun(const TrainingRun&) = delete;
  TrainingRun& operator=(const TrainingRun&) = delete;

  /// Call with each training batch's input, before the forward pass. Measures the first
  /// `input_batches` of each epoch; cheap afterwards. Never throws (a failure is reported once).
  void observe_input(const torch::Tensor& batch) {
    if (seen_this_epoch_ >= options_.input_batches || !model_->is_training() || !batch.defined()) return;
    try {
      client::InputStats s = tensor_stats(batch);
      s.epoch = epoch_;
      s.batch = seen_this_epoch_;
      session_->log_input(s);
    } catch (const std::exception& e) {
      report_once("input", std::string("cannot measure the input batch: ") + e.what());
    }
    ++seen_this_epoch_;
  }

  /// Call after loss.backward() (and before optimizer.zero_grad()) to record this step's
  /// gradient norm and fraction of zeros for every parameter (gradient-health check). Opt-in:
  /// costs a norm per parameter tensor per step.
  void observe_gradients() {
    try {
      torch::NoGradGuard no_grad;
      std::vector<std::string> names;
      std::vector<torch::Tensor> norms, zeros;
      for (const auto& item : model_->named_parameters()) {
        const torch::Tensor g = item.value().grad();
        if (!g.defined() || g.numel() == 0) continue;
        names.push_back(item.key());
        norms.push_back(g.norm().to(torch::kDouble));
        zeros.push_back((g == 0).sum().to(torch::kDouble) / static_cast<double>(g.numel()));
      }
      if (names.empty()) return;
      const torch::Tensor n = torch::stack(norms).to(torch::kCPU), z = torch::stack(zeros).to(torch::kCPU);
      const auto na = n.accessor<double, 1>();
      const auto za = z.accessor<double, 1>();
      for (std::size_t i = 0; i < names.size(); ++i) {
        auto [it, added] = grads_.try_emplace(names[i]);
        if (added) grad_order_.push_back(names[i]);
        GradAcc& acc = it->second;
        const double v = na[static_cast<std::int64_t>(i)];
        acc.sum += v;
        acc.max = acc.steps ? std::max(acc.max, v) : v;
        acc.min = acc.steps ? std::min(acc.min, v) : v;
        acc.zero_sum += za[static_cast<std::int64_t>(i)];
        ++acc.steps;
      }
    } catch (const std::exception& e) {
      report_once("gradients", std::string("cannot measure the gradients: ") + e.what());
    }
  }

  /// Records finished epoch `epoch` (0, 1, 2, ...) with its metrics ({{"loss", l}, {"val_loss",
  /// v}, {"accuracy", a}}) and the optimizer's current learning rate.
  void log_epoch(int epoch, const client::Metrics& metrics, SourceLocation where = SourceLocation::current()) {
    log(epoch, metrics, current_lr(), where);
  }
  /// The same with an explicit learning rate (no optimizer, or a rate the optimizer does not hold).
  void log_epoch(int epoch, const client::Metrics& metrics, double lr, SourceLocation where = SourceLocation::current()) {
    log(epoch, metrics, lr, where);
  }

  /// Forwards a warning of the user's own, attributed to the caller's line.
  void warn(const std::string& category, const std::string& message, SourceLocation where = SourceLocation::current()) {
    session_->log_warning(epoch_, category, message, client::detail::absolute(where.file), where.line);
  }

  /// Ends the run (status "finished" or "failed" with a message); waits up to the finish
  /// timeout for the daemon; true when everything was delivered. Idempotent.
  bool finish(const std::string& status = "finished", const std::string& message = "") {
    if (warnings_) detail::WarningForwarder::detach(warnings_);
    warnings_ = nullptr;
    return session_->finish(status, message, options_.finish_timeout);
  }

  /// The epoch being trained (the next one log_epoch() is expected to record).
  int epoch() const { return epoch_; }
  /// The core session: acked_seq(), pending(), session_id(), flush(), ...
  client::Session& session() { return *session_; }

 private:
  struct GradAcc {
    double sum = 0, max = 0, min = 0, zero_sum = 0;
    std::int64_t steps = 0;
  };

  TrainingRun(const torch::nn::Module& model, torch::optim::Optimizer* optimizer, RunOptions options,
              SourceLocation where)
      : options_(std::move(options)), model_(&model), optimizer_(optimizer), uncaught_(std::uncaught_exceptions()) {
    client::SessionOptions so;
    so.name = options_.name;
    so.model = describe(model, where);
    script_ = so.model.script;
    so.endpoint = options_.endpoint;
    so.token_file = options_.token_file;
    if (!so.model.script.empty()) so.search_dirs.push_back(client::detail::parent(so.model.script));
    so.verbose = options_.verbose;
    so.on_message = options_.on_message;
    session_ = std::make_unique<client::Session>(std::move(so));
    warnings_ = new detail::WarningForwarder(session_.get());
    warnings_->set_epoch(0);
    c10::Warning::set_warning_handler(warnings_);
  }

  client::ModelInfo describe(const torch::nn::Module& model, SourceLocation where) {
    client::ModelInfo m;
    m.framework = "libtorch";
    m.script = client::detail::absolute(where.file ? where.file : "");
    m.attach_line = where.line;
    m.model_class = detail::unqualified(model.name());
    m.loss_class = options_.loss;
    m.scheduler_class = options_.scheduler;
    m.planned_epochs = options_.epochs;
    if (optimizer_) {
      m.optimizer_class = detail::unqualified(c10::demangle(typeid(*optimizer_).name()));
      m.initial_lr = current_lr();
    }
    const torch::nn::LinearImpl* last_linear = nullptr;
    auto visit = [&](const std::string& name, const torch::nn::Module& mod) {
      int in_channels = 0;
      if (auto* c = dynamic_cast<const torch::nn::Conv1dImpl*>(&mod)) in_channels = static_cast<int>(c->options.in_channels());
      if (auto* c = dynamic_cast<const torch::nn::Conv2dImpl*>(&mod)) in_channels = static_cast<int>(c->options.in_channels());
      if (auto* c = dynamic_cast<const torch::nn::Conv3dImpl*>(&mod)) in_channels = static_cast<int>(c->options.in_channels());
      if (in_channels > 0 && m.first_conv_in_channels == 0) {
        m.first_conv_name = name;
        m.first_conv_in_channels = in_channels;
      }
      if (auto* l = dynamic_cast<const torch::nn::LinearImpl*>(&mod)) last_linear = l;
    };
    visit("", model);
    // include_self=false: named_modules() needs a shared_ptr-owned module to include itself.
    for (const auto& item : model.named_modules("", /*include_self=*/false)) visit(item.key(), *item.value());
    if (options_.num_classes > 0) {
      m.num_classes = options_.num_classes;
    } else if (last_linear && (options_.loss == "CrossEntropyLoss" || options_.loss == "NLLLoss")) {
      // Only where the loss says the last layer's outputs are class scores.
      m.num_classes = static_cast<int>(last_linear->options.out_features());
    }
    return m;
  }

  std::optional<double> current_lr() {
    if (!optimizer_ || optimizer_->param_groups().empty()) return std::nullopt;
    try {
      return optimizer_->param_groups()[0].options().get_lr();
    } catch (const std::exception& e) {  // an optimizer whose options do not implement get_lr()
      report_once("lr", std::string("cannot read the learning rate: ") + e.what());
      return std::nullopt;
    }
  }

  void log(int epoch, const client::Metrics& metrics, std::optional<double> lr, SourceLocation where) {
    if (!log_line_set_) {
      log_line_set_ = true;
      if (client::detail::absolute(where.file ? where.file : "") == script_) session_->set_log_line(where.line);
    }
    if (!grads_.empty()) {
      std::vector<client::LayerGradient> layers;
      for (const std::string& name : grad_order_) {
        const GradAcc& a = grads_[name];
        if (a.steps == 0) continue;
        const double steps = static_cast<double>(a.steps);
        layers.push_back({name, a.sum / steps, a.max, a.min, a.zero_sum / steps, a.steps});
      }
      session_->log_gradients(epoch, layers);
      grads_.clear();
      grad_order_.clear();
    }
    session_->log_epoch(epoch, metrics, lr);
    epoch_ = epoch + 1;
    seen_this_epoch_ = 0;
    if (warnings_) warnings_->set_epoch(epoch_);
  }

  void report_once(const std::string& key, const std::string& text) {
    if (!reported_.insert(key).second || !options_.verbose) return;
    if (options_.on_message) options_.on_message(text);
    else std::fprintf(stderr, "mlide: %s\n", text.c_str());
  }

  RunOptions options_;
  const torch::nn::Module* model_;
  torch::optim::Optimizer* optimizer_;
  const int uncaught_;
  std::string script_;
  std::unique_ptr<client::Session> session_;
  detail::WarningForwarder* warnings_ = nullptr;  // owned by libtorch's handler slot; see detach()
  int epoch_ = 0;
  int seen_this_epoch_ = 0;
  bool log_line_set_ = false;
  std::map<std::string, GradAcc> grads_;
  std::vector<std::string> grad_order_;
  std::set<std::string> reported_;
};

}  // namespace mlide
