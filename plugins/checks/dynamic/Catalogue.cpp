// The dynamic checks, in catalogue order. Their codes come from the one code table of all rules
// (plugins/checks/Codes.cpp), by slug.
#include <algorithm>

#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/dynamic/Checks.hpp"

namespace mlide::training {
namespace {

std::vector<DynamicRule> build() {
  using Rule = const DynamicRule& (*)();
  const Rule kRules[] = {
      &checks::inputNotNormalized, &checks::nanInInput,        &checks::nanLoss,
      &checks::imageLayout,        &checks::lrOutOfRange,      &checks::overfitting,
      &checks::suspiciousValAccuracy, &checks::lossNotDecreasing, &checks::lossDiverging,
      &checks::accuracyAtChance,   &checks::oscillatingMetric, &checks::negativeLoss,
      &checks::gradientHealth,     &checks::targetSizeMismatch, &checks::schedulerBeforeOptimizer,
      &checks::softmaxBeforeLogitsLoss,
  };
  std::vector<DynamicRule> out;
  for (Rule rule : kRules) {
    DynamicRule r = rule();
    // One code table for static and dynamic rules: the catalogue's (a unit test checks that
    // every slug is there and marked dynamic).
    const mlide::checks::RuleInfo* info = mlide::checks::findRule(r.slug);
    r.code = info ? info->code : std::string_view{};
    if (info && !info->title.empty()) r.title = info->title;  // one title per rule, wherever shown
    out.push_back(r);
  }
  return out;
}

}  // namespace

const char* anchorName(Anchor a) {
  switch (a) {
    case Anchor::Script: return "script";
    case Anchor::Model: return "model";
    case Anchor::Layer: return "layer";
    case Anchor::FirstConv: return "first-conv";
    case Anchor::Optimizer: return "optimizer";
    case Anchor::Scheduler: return "scheduler";
    case Anchor::DataScaling: return "data-scaling";
    case Anchor::TrainingLoop: return "training-loop";
    case Anchor::FitCall: return "fit-call";
    case Anchor::Loss: return "loss";
    case Anchor::Backward: return "backward";
    case Anchor::ValidationData: return "validation-data";
    case Anchor::Explicit: return "explicit";
  }
  return "script";
}

std::optional<Anchor> parseAnchor(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Anchor::Explicit); ++i) {
    if (name == anchorName(static_cast<Anchor>(i))) return static_cast<Anchor>(i);
  }
  return std::nullopt;
}

std::optional<Severity> parseSeverity(std::string_view name) {
  for (Severity s : {Severity::Critical, Severity::Error, Severity::Warning, Severity::Info, Severity::Hint}) {
    if (name == severityName(s)) return s;
  }
  return std::nullopt;
}

const std::vector<DynamicRule>& dynamicRules() {
  static const std::vector<DynamicRule> kRules = build();
  return kRules;
}

const DynamicRule* findDynamicRule(std::string_view slugOrCode) {
  for (const DynamicRule& r : dynamicRules()) {
    if (r.slug == slugOrCode || r.code == slugOrCode) return &r;
  }
  return nullptr;
}

std::vector<DynamicFinding> runDynamicChecks(const RunHistory& history, const DynamicConfig& config) {
  std::vector<DynamicFinding> out;
  for (const DynamicRule& r : dynamicRules()) {
    if (config.disabled.count(std::string(r.slug))) continue;
    const std::size_t from = out.size();
    r.check(history, config, out);
    std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(),
                     [](const DynamicFinding& a, const DynamicFinding& b) { return a.key < b.key; });
  }
  return out;
}

}  // namespace mlide::training
