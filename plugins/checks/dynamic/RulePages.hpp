// One rule page for every rule of the catalogue, static and training-time alike. The checks
// engine documents its static rules; the training checks (plugins/checks/dynamic) document
// theirs; this joins the two where both exist, so `mlide rule`, docs/rules/ and the editor show
// the same page. Lives with the training checks: their library sees both.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlide::training {

/// The markdown page of a rule by slug or code; nullopt for an unknown rule. A rule checked in
/// source and during training gets the static documentation, then "## During training" with the
/// training check's (its headings one level down). Thread-safe (pure).
std::optional<std::string> rulePage(std::string_view slugOrCode);

}  // namespace mlide::training
