#include "plugins/checks/dynamic/RulePages.hpp"

#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/dynamic/DynamicCheck.hpp"

namespace mlide::training {
namespace {

// "## What it does" -> "### What it does", so the section nests under "## During training".
// Lines inside ``` fences are code (a Python comment is not a heading).
std::string demoteHeadings(std::string_view md) {
  std::string out;
  bool inCode = false;
  std::size_t pos = 0;
  while (pos < md.size()) {
    std::size_t eol = md.find('\n', pos);
    if (eol == std::string_view::npos) eol = md.size();
    const std::string_view line = md.substr(pos, eol - pos);
    if (line.substr(0, 3) == "```") inCode = !inCode;
    if (!inCode && !line.empty() && line.front() == '#') out += '#';
    out += line;
    if (eol < md.size()) out += '\n';
    pos = eol + 1;
  }
  return out;
}

}  // namespace

std::optional<std::string> rulePage(std::string_view slugOrCode) {
  const checks::RuleInfo* rule = checks::findRule(slugOrCode);
  if (!rule) return std::nullopt;
  const DynamicRule* live = rule->dynamicCheck ? findDynamicRule(rule->slug) : nullptr;
  std::string doc(rule->documentation());
  if (live) {
    if (doc.empty()) {
      doc = std::string(live->documentation);
    } else {
      if (doc.back() != '\n') doc += '\n';
      doc += "\n## During training\n\n" + demoteHeadings(live->documentation);
    }
  }
  return checks::renderRulePage(*rule, doc);
}

}  // namespace mlide::training
