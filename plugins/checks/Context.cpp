#include "plugins/checks/Context.hpp"

#include <algorithm>

#include "core/support/Logging.hpp"

namespace mlide::checks {

bool Context::enabled(std::string_view slug) const {
  for (const RuleInfo* r : enabled_) {
    if (r->slug == slug) return true;
  }
  return false;
}

std::string formatMessage(Severity severity, std::string_view title, std::string_view why) {
  std::string out = severityTitle(severity);
  out += ": ";
  out += title;
  if (!why.empty()) {
    out += " \xE2\x80\x94 ";  // em dash
    out += why;
  }
  return out;
}

void Context::report(Finding f) {
  if (!rule_) return;
  Diag d;
  d.range = f.range;
  d.severity = f.severity.value_or(rule_->severity);
  d.code = std::string(rule_->code);
  d.rule = std::string(rule_->slug);
  d.message = formatMessage(d.severity, f.title.empty() ? rule_->title : std::string_view(f.title), f.why);
  d.docUrl = ruleDocUrl(config_.docsBaseUri, rule_->slug);
  d.related = std::move(f.related);
  for (Fix& fix : f.fixes) {
    if (!normalizeEdits(fix.edits) || fix.edits.empty()) {
      // A rule bug: never apply a fix whose edits overlap. The rule tests catch this.
      log::warn("checks: " + std::string(rule_->slug) + " built a fix with no or overlapping edits (\"" +
                fix.title + "\"); it is dropped");
      continue;
    }
    d.fixes.push_back(std::move(fix));
  }
  // Safe fixes first: clients take the first as the preferred one.
  std::stable_sort(d.fixes.begin(), d.fixes.end(), [](const Fix& a, const Fix& b) {
    return static_cast<int>(a.applicability) > static_cast<int>(b.applicability);
  });
  d.unnecessary = f.unnecessary;
  diags_.push_back(std::move(d));
}

}  // namespace mlide::checks
