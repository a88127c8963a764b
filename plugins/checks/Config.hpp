// Configuration of the static checks: which rules run and their thresholds.
//
// Sources, later ones winning key by key:
//   1. defaults (every stable rule; thresholds below);
//   2. `[tool.mlide]` in the nearest pyproject.toml that has that table, found by walking up
//      from the linted file's directory;
//   3. editor settings (or CLI flags), the same keys under "checks." in lowerCamel:
//
//   pyproject key         setting key             type
//   select                checks.select           list of slugs / codes / prefixes / "ALL"
//   ignore                checks.ignore           list, same
//   max-dropout           checks.maxDropout       number, default 0.5 (a rate above it is "high")
//   lr-min                checks.lrMin            number, default 1e-7
//   lr-max                checks.lrMax            number, default 1e-2 (Adam-family optimizers)
//   lr-max-sgd            checks.lrMaxSgd         number, default 1.0 (SGD)
//   max-val-accuracy      checks.maxValAccuracy   number, default 0.95 (training sessions)
//   -                     checks.docsBaseUri      string: rule pages are <uri>/<slug>.md
//
// Value types; pure functions except the file-reading ones (which only read).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/Settings.hpp"
#include "core/support/Expected.hpp"

namespace mlide::checks {

struct RuleInfo;

struct Thresholds {
  double maxDropout = 0.5;
  double lrMin = 1e-7;
  double lrMax = 1e-2;
  double lrMaxSgd = 1.0;
  double maxValAccuracy = 0.95;
};

struct ChecksConfig {
  std::vector<std::string> select;  // empty: every stable rule
  std::vector<std::string> ignore;
  Thresholds thresholds;
  std::string docsBaseUri;

  /// select/ignore semantics (as in ruff): a rule runs if some select entry selects it (or
  /// select is empty and the rule is stable) and no ignore entry does. The more specific
  /// selector wins when both match (`select = ["ML4"]`, `ignore = ["ML401"]` drops ML401;
  /// `select = ["missing-zero-grad"]`, `ignore = ["ML4"]` keeps it).
  bool enabled(const RuleInfo& rule) const;
};

/// The `[tool.mlide]` values of one pyproject.toml; absent keys are nullopt.
struct ProjectConfig {
  std::string path;  // the pyproject.toml it came from
  std::optional<std::vector<std::string>> select;
  std::optional<std::vector<std::string>> ignore;
  std::optional<double> maxDropout, lrMin, lrMax, lrMaxSgd, maxValAccuracy;
};

/// Parses the `[tool.mlide]` table of `text`; nullopt when there is none. Unknown keys, wrong
/// types, unknown rule selectors and out-of-range thresholds are ParseErrors whose message is
/// "<path>:LINE:COL: what".
Expected<std::optional<ProjectConfig>> parseProjectConfig(std::string_view text, const std::string& path);

/// The nearest pyproject.toml with a `[tool.mlide]` table, from the directory of `filePath`
/// upwards (stopping at `stopAt` when non-empty, else at the file-system root). nullopt if
/// none. A pyproject.toml that cannot be read or parsed is an error, not skipped.
Expected<std::optional<ProjectConfig>> findProjectConfig(const std::string& filePath, const std::string& stopAt = {});

/// defaults <- project <- editor settings ("checks.*"). Settings of the wrong type or unknown
/// selectors are reported in `warnings` and ignored.
ChecksConfig mergeConfig(const ProjectConfig* project, const Settings& settings, std::vector<std::string>* warnings = nullptr);

}  // namespace mlide::checks
