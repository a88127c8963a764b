// The rule catalogue: every rule mlide knows, static and dynamic, with its stable code.
//
// This is the API the CLI (`mlide rules`, `mlide rule X`), the LSP hover and the training
// session checks share. Codes follow one scheme and never change once assigned:
//   ML1xx data · ML2xx architecture, activations, losses · ML3xx tuning ·
//   ML4xx training-loop pitfalls · ML5xx structure smells.
// Rules that only the training-session checks implement (plugins/checks/dynamic) have an entry
// here too, so codes are unique across both; their documentation lives with the dynamic check.
//
// Static data; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "plugins/checks/Rule.hpp"

namespace mlide::checks {

enum class RuleStatus {
  Stable,   // on by default
  Preview,  // off unless selected by exact slug or code (or "ALL")
};

const char* ruleStatusName(RuleStatus s);  // "stable", "preview"

struct RuleInfo {
  std::string_view code;      // "ML201"
  std::string_view slug;      // "missing-softmax"
  std::string_view title;
  Severity severity;          // default; a finding may raise or lower it (stated in the rule doc)
  RuleStatus status;
  bool staticCheck;           // checked in source by this engine (def != nullptr)
  bool dynamicCheck;          // checked at run time by the training-session checks
  const RuleDef* def;         // null for dynamic-only rules

  FixAvailability fix() const { return def ? def->fix : FixAvailability::None; }
  /// The rule's markdown (empty for dynamic-only rules: see plugins/checks/dynamic).
  std::string_view documentation() const { return def ? def->documentation : std::string_view{}; }
};

/// Every rule, in code order.
const std::vector<RuleInfo>& catalogue();
/// By slug ("missing-softmax") or code ("ML201"), case-insensitive for codes; null if unknown.
const RuleInfo* findRule(std::string_view slugOrCode);
/// True if `selector` names rules: a slug, a code, a code prefix ("ML2", "ML"), or "ALL".
bool isValidSelector(std::string_view selector);
/// True if `selector` selects `rule`. Prefixes and ALL select preview rules only for "ALL".
bool selects(std::string_view selector, const RuleInfo& rule);

/// The link to a rule's page under `docsBaseUri` ("<base>/<slug>.md"); empty if base is empty.
std::string ruleDocUrl(std::string_view docsBaseUri, std::string_view slug);

/// The page shown on hover and by `mlide rule`: "# missing-softmax (ML201)", the title, the
/// default severity and fix availability, then the rule's documentation.
std::string renderRulePage(const RuleInfo& rule, std::string_view documentation);

}  // namespace mlide::checks
