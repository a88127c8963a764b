// The dynamic-check code table. Codes of slugs that also have a static rule must equal the
// static catalogue's (plugins/checks/Codes.cpp); training-only checks use ML5xx.
#include <algorithm>

#include "plugins/checks/dynamic/Checks.hpp"

namespace mlide::training {
namespace {

struct Entry {
  std::string_view code;
  const DynamicRule& (*rule)();
};

std::vector<DynamicRule> build() {
  const Entry kTable[] = {
      {"ML501", &checks::inputNotNormalized},
      {"ML502", &checks::nanInInput},
      {"ML503", &checks::nanLoss},
      {"ML504", &checks::imageLayout},
      {"ML505", &checks::lrOutOfRange},
      {"ML506", &checks::overfitting},
      {"ML507", &checks::suspiciousValAccuracy},
      {"ML508", &checks::lossNotDecreasing},
      {"ML509", &checks::lossDiverging},
      {"ML510", &checks::accuracyAtChance},
      {"ML511", &checks::oscillatingMetric},
      {"ML512", &checks::negativeLoss},
      {"ML513", &checks::gradientHealth},
      {"ML514", &checks::targetSizeMismatch},
      {"ML515", &checks::schedulerBeforeOptimizer},
      {"ML516", &checks::softmaxBeforeLogitsLoss},
  };
  std::vector<DynamicRule> out;
  for (const Entry& e : kTable) {
    DynamicRule r = e.rule();
    r.code = e.code;
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
