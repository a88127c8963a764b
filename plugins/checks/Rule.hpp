// The rule contract. One file per rule under rules/ defines a RuleDef: the detection hooks,
// the fix builders they call, and the documentation; Codes.cpp gives each rule its code,
// severity and status. Rules never walk the tree themselves: the Checker walks the semantic
// model's node lists once and calls the hooks of the enabled rules.
//
// Hooks are plain functions: rules hold no state, so one RuleDef serves every thread.
#pragma once

#include <string_view>

#include "core/python/SyntaxTree.hpp"
#include "plugins/checks/model/SemanticModel.hpp"

namespace mlide::checks {

class Context;

/// Whether a rule's findings carry fixes (ruff's FixAvailability).
enum class FixAvailability {
  None,       // never: the finding explains, the user edits
  Sometimes,  // when the edit can be built from what the file shows
  Always,     // every finding has at least one fix
};

const char* fixAvailabilityName(FixAvailability f);  // "none", "sometimes", "always"

/// The node kinds a rule subscribes to. Null hooks are skipped.
struct RuleHooks {
  void (*onCall)(const model::CallSite& call, Context& ctx) = nullptr;     // every call, document order
  void (*onNetwork)(const model::Network& net, Context& ctx) = nullptr;    // every network the model found
  void (*onLoop)(py::Node loop, Context& ctx) = nullptr;                   // every for/while statement
  void (*onClass)(const model::ClassInfo& cls, Context& ctx) = nullptr;    // every class definition
  void (*onAugAssign)(py::Node stmt, Context& ctx) = nullptr;              // every `x op= y`
  void (*onModule)(Context& ctx) = nullptr;                                // once per document
};

struct RuleDef {
  std::string_view slug;           // the catalogue name: "missing-softmax"
  std::string_view title;          // names the bad pattern: "Missing softmax before a probability loss"
  /// Markdown with the sections `## What it does`, `## Why is this bad?`, `## Example`,
  /// `Use instead:`, `## Fix safety` (when the rule has fixes) and `## References`.
  std::string_view documentation;
  FixAvailability fix = FixAvailability::None;
  RuleHooks hooks;
};

}  // namespace mlide::checks
