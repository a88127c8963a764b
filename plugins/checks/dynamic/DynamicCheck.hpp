// The dynamic-check contract: a check reads a RunHistory and appends findings. One file per
// check in this folder holds the check function and its documentation; Catalogue.cpp lists them.
//
// Checks are causal: whether a check fires at epoch e depends only on the history up to e. So
// re-running every check on the full history after each epoch yields the same epochs for the
// past, and the stored findings only grow. Checks are pure functions: thread-safe.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "core/engine/Settings.hpp"
#include "core/support/Expected.hpp"
#include "plugins/checks/dynamic/RunHistory.hpp"

namespace mlide::checks {
struct ProjectConfig;
}

namespace mlide::training {

/// The kind of source construct a finding concerns. The session layer resolves it to a line of
/// the script with the static model of that script.
enum class Anchor {
  Script,          // the attach()/callback line: nothing more specific is known
  Model,           // the model class / Sequential definition
  Layer,           // one named layer (DynamicFinding::layer)
  FirstConv,       // the first convolution layer
  Optimizer,       // the optimizer construction (its learning-rate argument when there is one)
  Scheduler,       // the LR scheduler construction, else the optimizer
  DataScaling,     // where the input data is prepared (the tensors fed to the model)
  TrainingLoop,    // the epoch loop (PyTorch) or the fit() call (Keras)
  FitCall,         // Keras fit(): its callbacks=[...] for the EarlyStopping fix
  Loss,            // the loss / criterion construction
  Backward,        // the loss.backward() line (where clipping would go)
  ValidationData,  // validation_data=... / the validation loader
  Explicit,        // DynamicFinding::file and ::line, reported by the client (warnings)
};

const char* anchorName(Anchor a);
std::optional<Anchor> parseAnchor(std::string_view name);
/// "critical", "error", ... (severityName's inverse); nullopt for anything else.
std::optional<Severity> parseSeverity(std::string_view name);

struct DynamicFinding {
  std::string slug;  // catalogue slug, "overfitting"
  std::string key;   // distinguishes findings of one check: "negative", a layer name; may be empty
  Severity severity = Severity::Warning;
  std::string message;     // one line; says what was seen and how sure we are
  std::vector<int> epochs; // sorted, unique; empty: seen before training (or not epoch-bound)
  Anchor anchor = Anchor::Script;
  std::string layer;                // Anchor::Layer
  std::string file;                 // Anchor::Explicit
  int line = 0;                     // Anchor::Explicit, 1-based
  std::optional<double> suggestedLr;  // lr-out-of-range: what the quick fix writes
  std::optional<double> inputScale;   // input-not-normalized: divide by this (255 for pixels)
};

/// Thresholds. Defaults follow shared/reference/umlaut-heuristics.md §4 (the † proposals where
/// Umlaut's values were false-positive prone).
///
/// Sources, later ones winning key by key (DynamicConfig::resolve):
///   1. the defaults below;
///   2. pyproject.toml `[tool.mlide]`: lr-min, lr-max (-> lrMaxAdaptive), lr-max-sgd and
///      max-val-accuracy (-> valAccuracyMax), shared with the static checks (Config.hpp);
///   3. pyproject.toml `[tool.mlide.training]`: every other field, in kebab-case
///      (overfitting-patience = 5), and `disable = [slugs]`;
///   4. settings "checks.learningRateMin", "checks.learningRateMax", "checks.learningRateMaxSgd",
///      "checks.valAccuracyLimit" (the shared thresholds);
///   5. settings "training.<field>" (for the shared four: an override for training only, kept
///      for older settings files).
struct DynamicConfig {
  std::set<std::string> disabled;  // slugs ("training.disable")
  // input-not-normalized
  double inputMaxAbs = 10.0;  // any |x| above this is unscaled whatever the dtype
  // lr-out-of-range
  double lrMin = 1e-7;
  double lrMaxAdaptive = 1e-2;  // Adam, AdamW, RMSprop, Adagrad, ...
  double lrMaxSgd = 1.0;        // SGD and unknown optimizers
  // overfitting
  int overfittingPatience = 3;         // consecutive epochs of rising validation loss
  double overfittingMinRise = 0.02;    // relative rise over the best validation loss so far
  // suspicious-val-accuracy
  int valAccuracyFromEpoch = 3;
  double valAccuracyMax = 0.95;
  double valAboveTrainMargin = 0.05;
  // loss-not-decreasing
  int stallWindow = 5;
  double stallMinDecrease = 0.05;  // relative decrease expected over the window
  double stallMinProgress = 0.10;  // below this total progress since the first epoch
  // loss-diverging
  int divergeWindow = 5;
  double divergeFactor = 2.0;
  // accuracy-at-chance
  double chanceTolerance = 0.02;
  double chanceAfterFraction = 0.3;
  int chanceMinEpochs = 3;
  // oscillating-metric
  int oscillationWindow = 8;
  double oscillationMinFlips = 0.6;      // share of direction changes in the window
  double oscillationMinAmplitude = 0.03; // relative size of a change that counts
  // gradient-health
  double gradVanishing = 1e-7;
  double gradExploding = 1e4;
  double gradDeadFraction = 0.7;

  /// Merges the sources above. A wrong value in `[tool.mlide.training]` (unknown key, wrong
  /// type, out of range, a shared threshold that belongs in `[tool.mlide]`) is a ParseError
  /// "<path>:LINE:COL: what"; a wrong setting is reported in `warnings` and ignored.
  static Expected<DynamicConfig> resolve(const ::mlide::checks::ProjectConfig* project,
                                         const Settings& settings,
                                         std::vector<std::string>* warnings = nullptr);
  /// resolve() without a pyproject.toml (cannot fail).
  static DynamicConfig fromSettings(const Settings& settings);
  /// The "training.*" keys resolve() reads (the shared four with editorSetting false: the
  /// editor offers them as "checks.*").
  static std::vector<SettingSpec> settingKeys();
};

/// The thresholds for a workspace without an editor (`mlide listen`, `mlide sessions import`)
/// or for the daemon's workspace folder: DynamicConfig::resolve over `configFile` when it is
/// not empty (it must exist and have a `[tool.mlide]` or `[tool.mlide.training]` table), else
/// over the nearest pyproject.toml with such a table from folder `dir` upwards (none: defaults
/// and settings). `path` is the pyproject.toml used, "" if none.
struct WorkspaceDynamicConfig {
  DynamicConfig config;
  std::string path;
};
Expected<WorkspaceDynamicConfig> loadDynamicConfig(const std::string& configFile,
                                                   const std::string& dir, const Settings& settings,
                                                   std::vector<std::string>* warnings = nullptr);

using CheckFn = void (*)(const RunHistory&, const DynamicConfig&, std::vector<DynamicFinding>&);

/// One catalogue entry. `code` is shared with the static rule of the same slug where one exists.
struct DynamicRule {
  std::string_view code;
  std::string_view slug;
  std::string_view title;
  Severity severity;        // the usual severity; a finding may differ (e.g. lr <= 0 is an Error)
  std::string_view documentation;  // markdown: What it does / Why is this bad? / Example / ...
  CheckFn check;
};

/// Every dynamic check, in catalogue order.
const std::vector<DynamicRule>& dynamicRules();
/// By slug or code; null if unknown.
const DynamicRule* findDynamicRule(std::string_view slugOrCode);

/// Runs every enabled check. Findings are ordered by catalogue order, then key.
std::vector<DynamicFinding> runDynamicChecks(const RunHistory& history, const DynamicConfig& config);

}  // namespace mlide::training
