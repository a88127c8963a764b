// What a rule sees while it runs: the semantic model, the text, the thresholds, and a way to
// report findings. The Checker creates one Context per lint and sets the current rule before
// each hook call. Not thread-safe (one lint, one thread).
#pragma once

#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/Config.hpp"
#include "plugins/checks/model/SemanticModel.hpp"

namespace mlide::checks {

/// One finding, as a rule builds it. The Context turns it into a Diag: code, slug, severity,
/// "Severity: Title — why" message and documentation link come from the catalogue.
struct Finding {
  ByteRange range;                   // the exact culprit: the argument, the layer call, the statement
  std::string why;                   // one line: what was seen and why it matters; says how sure
  std::optional<Severity> severity;  // when this finding is more or less serious than the default
  std::string title;                 // overrides the rule title for this finding (e.g. sigmoid vs softmax)
  std::vector<RelatedInfo> related;  // the other lines involved (the loss, the optimizer, ...)
  std::vector<Fix> fixes;            // alternatives; Safe ones first
  bool unnecessary = false;          // faded code (LSP DiagnosticTag.Unnecessary)
};

class Context {
 public:
  Context(const model::SemanticModel& model, const ChecksConfig& config) : model_(model), config_(config) {}

  const model::SemanticModel& model() const { return model_; }
  std::string_view source() const { return model_.source(); }
  const Thresholds& thresholds() const { return config_.thresholds; }
  const ChecksConfig& config() const { return config_; }
  /// True if the rule named `slug` runs in this lint (a rule may leave a case to another).
  bool enabled(std::string_view slug) const;

  /// Reports a finding of the rule currently running.
  void report(Finding f);

  /// Per-lint memo for a fact several rules derive from the same node (e.g. the loss a call
  /// applies): computed once per (slot, key) and kept until the lint ends.
  enum class MemoSlot { TorchLoss, LoopEvents, NestedTraining, Count };
  template <typename T, typename Compute>
  const T& memo(MemoSlot slot, std::size_t key, Compute&& compute) {
    auto& table = memo_[static_cast<std::size_t>(slot)];
    auto it = table.find(key);
    if (it == table.end()) it = table.emplace(key, std::make_shared<T>(compute())).first;
    return *static_cast<const T*>(it->second.get());
  }

  // ---- used by the Checker ----
  void setRule(const RuleInfo* rule) { rule_ = rule; }
  void setEnabled(std::vector<const RuleInfo*> rules) { enabled_ = std::move(rules); }
  std::vector<Diag> take() { return std::move(diags_); }

 private:
  const model::SemanticModel& model_;
  const ChecksConfig& config_;
  const RuleInfo* rule_ = nullptr;
  std::vector<const RuleInfo*> enabled_;
  std::vector<Diag> diags_;
  std::unordered_map<std::size_t, std::shared_ptr<void>> memo_[static_cast<std::size_t>(MemoSlot::Count)];
};

/// "Critical: Missing softmax before a probability loss — <why>".
std::string formatMessage(Severity severity, std::string_view title, std::string_view why);

}  // namespace mlide::checks
