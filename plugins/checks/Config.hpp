// Configuration of the static checks: which rules run and their thresholds.
//
// Sources, later ones winning key by key:
//   1. defaults (every stable rule; thresholds below);
//   2. `[tool.mlide]` in the nearest pyproject.toml that has that table, found by walking up
//      from the linted file's directory;
//   3. editor settings (or CLI flags), the same keys under "checks." in lowerCamel:
//
//   pyproject key      setting key                 type
//   -                  checks.enable               bool, default true (false: no static findings)
//   select             checks.select               list of slugs / codes / prefixes / "ALL"
//   ignore             checks.ignore               list, same
//   max-dropout        checks.maxDropout           number, default 0.5 (a rate above it is "high")
//   lr-min             checks.learningRateMin      number, default 1e-7
//   lr-max             checks.learningRateMax      number, default 1e-2 (Adam-family optimizers)
//   lr-max-sgd         checks.learningRateMaxSgd   number, default 1.0 (SGD)
//   max-val-accuracy   checks.valAccuracyLimit     number, default 0.95 (training sessions)
//   -                  checks.docsBaseUri          string: rule pages are <uri>/<slug>.md
//
// The learning-rate range and max-val-accuracy are shared with the training-session checks
// (DynamicConfig), so one rule has one threshold. The settings keys checks.lrMin, checks.lrMax,
// checks.lrMaxSgd and checks.maxValAccuracy (older names) are still read; the names above win.
// `[tool.mlide.training]` holds the other training-session thresholds; this file only reads it
// into ProjectConfig::training, DynamicConfig interprets it.
//
// Value types; pure functions except the file-reading ones (which only read).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/Settings.hpp"
#include "core/support/Expected.hpp"
#include "plugins/checks/Toml.hpp"

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
  bool enable = true;               // "checks.enable": false turns every static rule off
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
  std::optional<TomlTable> training;  // `[tool.mlide.training]`, checked by DynamicConfig
};

/// Parses the `[tool.mlide]` and `[tool.mlide.training]` tables of `text`; nullopt when there
/// is neither. Unknown keys, wrong
/// types, unknown rule selectors and out-of-range thresholds are ParseErrors whose message is
/// "<path>:LINE:COL: what".
Expected<std::optional<ProjectConfig>> parseProjectConfig(std::string_view text, const std::string& path);

/// The nearest pyproject.toml with a `[tool.mlide]` (or `[tool.mlide.training]`) table, from
/// the directory of `filePath` upwards (a folder's own pyproject.toml: pass "<folder>/x") (stopping
/// at `stopAt` when non-empty, else at the file-system root). nullopt if none. A pyproject.toml
/// that cannot be read or parsed is an error, not skipped.
Expected<std::optional<ProjectConfig>> findProjectConfig(const std::string& filePath,
                                                         const std::string& stopAt = {});

/// Reads the pyproject.toml at `path` (an explicit `--config FILE`): IoError if it cannot be
/// read, ParseError as above; nullopt if it has no `[tool.mlide]` tables.
Expected<std::optional<ProjectConfig>> readProjectConfig(const std::string& path);

/// The "checks.*" settings keys mergeConfig reads (the older names with editorSetting false).
std::vector<SettingSpec> checksSettingKeys();

/// defaults <- project <- editor settings ("checks.*"). Settings of the wrong type or unknown
/// selectors are reported in `warnings` and ignored.
ChecksConfig mergeConfig(const ProjectConfig* project, const Settings& settings, std::vector<std::string>* warnings = nullptr);

}  // namespace mlide::checks
