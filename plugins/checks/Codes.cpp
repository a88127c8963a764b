// The code table: one line per rule, static and dynamic. A code, once assigned, never changes
// and is never reused; a retired rule keeps its line with a comment.
//
//   ML1xx data · ML2xx architecture, activations, losses · ML3xx tuning ·
//   ML4xx training-loop pitfalls · ML5xx structure smells
//
// `dyn` marks slugs the training-session checks (plugins/checks/dynamic) also report at run
// time; `def` is null for rules only they implement (their documentation lives there).
#include <algorithm>
#include <cctype>

#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks {

namespace {

using S = Severity;
using St = RuleStatus;

struct Row {
  std::string_view code;
  std::string_view slug;  // for dynamic-only rules (def == null)
  std::string_view title; // for dynamic-only rules
  Severity severity;
  RuleStatus status;
  bool dynamic;
  const RuleDef& (*def)();
};

constexpr Row kRows[] = {
    // ML1xx data
    {"ML101", "", "", S::Error, St::Stable, true, &rules::inputNotNormalized},
    {"ML102", "", "", S::Error, St::Stable, true, &rules::imageLayout},
    {"ML103", "", "", S::Warning, St::Stable, false, &rules::validationOverlapsTraining},
    {"ML104", "", "", S::Info, St::Stable, false, &rules::trainLoaderNotShuffled},
    {"ML105", "", "", S::Hint, St::Stable, false, &rules::validationSplitBeforeShuffle},
    {"ML106", "nan-in-input", "NaN or infinity in the input data", S::Critical, St::Stable, true, nullptr},
    {"ML107", "suspicious-val-accuracy", "Validation accuracy suspiciously high or above training", S::Info, St::Stable, true, nullptr},
    {"ML108", "", "", S::Info, St::Stable, false, &rules::inputNotFloat},
    // Preview: PyTorch >= 1.9 seeds NumPy in each worker (see the rule page).
    {"ML109", "", "", S::Info, St::Preview, false, &rules::numpyRngInWorkers},
    // ML2xx architecture, activations, losses
    {"ML201", "", "", S::Critical, St::Stable, false, &rules::missingSoftmax},
    {"ML202", "", "", S::Error, St::Stable, false, &rules::missingActivation},
    {"ML203", "", "", S::Warning, St::Stable, false, &rules::stackedFinalActivation},
    {"ML204", "", "", S::Warning, St::Stable, false, &rules::outputActivationLossMismatch},
    {"ML205", "", "", S::Error, St::Stable, true, &rules::doubleSoftmax},
    {"ML206", "", "", S::Error, St::Stable, false, &rules::sigmoidBeforeBceWithLogits},
    {"ML207", "", "", S::Error, St::Stable, false, &rules::singleUnitSoftmax},
    {"ML208", "", "", S::Error, St::Stable, false, &rules::nllWithoutLogSoftmax},
    {"ML209", "", "", S::Info, St::Stable, false, &rules::sigmoidBceUnstable},
    {"ML210", "", "", S::Warning, St::Stable, false, &rules::softmaxDim},
    {"ML211", "", "", S::Error, St::Stable, false, &rules::unregisteredSubmodules},
    {"ML212", "", "", S::Info, St::Stable, false, &rules::accuracyMetricOnRegression},
    {"ML213", "regression-target-broadcast", "Loss input and target shapes broadcast silently", S::Error, St::Stable, true, nullptr},
    {"ML214", "", "", S::Info, St::Stable, false, &rules::logOfSoftmax},
    // ML3xx tuning
    {"ML301", "", "", S::Warning, St::Stable, false, &rules::highDropout},
    {"ML302", "", "", S::Warning, St::Stable, true, &rules::lrOutOfRange},
    {"ML303", "nan-loss", "Loss became NaN or infinite", S::Critical, St::Stable, true, nullptr},
    {"ML304", "overfitting", "Validation loss rising while training loss falls", S::Warning, St::Stable, true, nullptr},
    {"ML305", "loss-not-decreasing", "Training loss is not decreasing", S::Warning, St::Stable, true, nullptr},
    {"ML306", "loss-diverging", "Training loss is growing or exploding", S::Warning, St::Stable, true, nullptr},
    {"ML307", "accuracy-at-chance", "Accuracy stuck at chance level", S::Warning, St::Stable, true, nullptr},
    {"ML308", "oscillating-metric", "Training metric oscillates", S::Info, St::Stable, true, nullptr},
    {"ML309", "negative-loss", "Loss is negative", S::Warning, St::Stable, true, nullptr},
    {"ML310", "gradient-health", "Vanishing, exploding or dead gradients", S::Warning, St::Stable, true, nullptr},
    // ML4xx training-loop pitfalls
    {"ML401", "", "", S::Warning, St::Stable, false, &rules::missingZeroGrad},
    {"ML402", "", "", S::Error, St::Stable, false, &rules::zeroGradMisplaced},
    {"ML403", "", "", S::Error, St::Stable, false, &rules::missingStep},
    {"ML404", "", "", S::Warning, St::Stable, false, &rules::missingEvalMode},
    {"ML405", "", "", S::Warning, St::Stable, false, &rules::trainModeNotRestored},
    {"ML406", "", "", S::Warning, St::Stable, false, &rules::functionalDropoutAlwaysOn},
    {"ML407", "", "", S::Warning, St::Stable, true, &rules::schedulerBeforeOptimizerStep},
    {"ML408", "", "", S::Info, St::Stable, false, &rules::lossTensorAccumulation},
    // Preview: whether runs must be reproducible is the author's choice (see the rule page).
    {"ML409", "", "", S::Hint, St::Preview, false, &rules::seedsNotSet},
    // ML5xx structure smells
    {"ML501", "", "", S::Hint, St::Stable, false, &rules::redundantActivation},
    {"ML502", "", "", S::Hint, St::Stable, false, &rules::dropoutBeforeBatchnorm},
    {"ML503", "", "", S::Hint, St::Preview, false, &rules::biasBeforeBatchnorm},
    {"ML504", "", "", S::Warning, St::Stable, false, &rules::constantWeightInit},
    {"ML505", "", "", S::Warning, St::Stable, false, &rules::missingFlatten},
};

std::vector<RuleInfo> build() {
  std::vector<RuleInfo> out;
  for (const Row& r : kRows) {
    const RuleDef* def = r.def ? &r.def() : nullptr;
    out.push_back(RuleInfo{r.code, def ? def->slug : r.slug, def ? def->title : r.title, r.severity, r.status,
                           def != nullptr, r.dynamic, def});
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

}  // namespace

const char* fixAvailabilityName(FixAvailability f) {
  switch (f) {
    case FixAvailability::None: return "none";
    case FixAvailability::Sometimes: return "sometimes";
    case FixAvailability::Always: return "always";
  }
  return "none";
}

const char* ruleStatusName(RuleStatus s) { return s == RuleStatus::Stable ? "stable" : "preview"; }

const std::vector<RuleInfo>& catalogue() {
  static const std::vector<RuleInfo> kCatalogue = build();
  return kCatalogue;
}

const RuleInfo* findRule(std::string_view key) {
  for (const RuleInfo& r : catalogue()) {
    if (r.slug == key || iequals(r.code, key)) return &r;
  }
  return nullptr;
}

bool selects(std::string_view selector, const RuleInfo& rule) {
  if (selector == "ALL") return true;
  if (selector == rule.slug) return true;
  if (selector.size() >= 2 && selector.size() <= rule.code.size() && iequals(rule.code.substr(0, selector.size()), selector)) {
    // A code or a prefix of one; prefixes do not pull in preview rules.
    return selector.size() == rule.code.size() || rule.status == RuleStatus::Stable;
  }
  return false;
}

bool isValidSelector(std::string_view selector) {
  if (selector.empty()) return false;
  for (const RuleInfo& r : catalogue()) {
    if (selects(selector, r)) return true;
  }
  return false;
}

std::string renderRulePage(const RuleInfo& rule, std::string_view documentation) {
  std::string out = "# " + std::string(rule.slug) + " (" + std::string(rule.code) + ")\n\n";
  out += "**" + std::string(rule.title) + "**\n\n";
  out += "Default severity: " + std::string(severityTitle(rule.severity)) + " · Status: " + ruleStatusName(rule.status);
  out += " · Fix: " + std::string(fixAvailabilityName(rule.fix()));
  if (rule.staticCheck && rule.dynamicCheck) out += " · Checked in source and during training";
  else if (rule.dynamicCheck) out += " · Checked during training";
  out += "\n\n";
  out += documentation;
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

std::string ruleDocUrl(std::string_view docsBaseUri, std::string_view slug) {
  while (!docsBaseUri.empty() && docsBaseUri.back() == '/') docsBaseUri.remove_suffix(1);
  if (docsBaseUri.empty()) return {};
  return std::string(docsBaseUri) + "/" + std::string(slug) + ".md";
}

}  // namespace mlide::checks
