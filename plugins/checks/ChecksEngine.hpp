// The checks engine (Umlaut): static checks of Keras and PyTorch training code.
//
//   ChecksEngine engine;                       // default-constructible
//   engine.configure(settings, workspaceRoot); // "checks.*" keys, see Config.hpp
//   auto diags = engine.lint(file, token);     // findings in byte offsets, suppressions applied
//   engine.documentation("ML201");             // markdown page for hover / `mlide rule`
//
// With the setting "checks.enable" false, lint() finds nothing (and reads no pyproject.toml
// errors either: a user who turned the checks off is not told about their configuration).
// Each lint finds the `[tool.mlide]` table of the nearest pyproject.toml above the file
// (re-read when the file changes on disk) and merges the editor settings over it.
// A malformed pyproject.toml makes lint() return a ParseError naming the file, line and
// problem, rather than silently linting with defaults.
//
// Thread-safety: lint() and documentation() may run concurrently on any threads; configure()
// swaps the settings under a mutex.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/Engine.hpp"
#include "plugins/checks/Config.hpp"

namespace mlide::checks {

class ChecksEngine final : public Engine {
 public:
  ChecksEngine() = default;

  std::string_view name() const override { return "checks"; }
  void configure(const Settings& settings, const std::string& workspaceRoot) override;
  Expected<std::vector<Diag>> lint(const SourceFile& file, const CancellationToken& cancel) override;
  /// The rule page for a code ("ML201") or slug; nullopt for unknown codes and for rules that
  /// only the training-session checks implement.
  std::optional<std::string> documentation(std::string_view code) const override;
  /// Code, slug, title and page of a rule by code or slug; nullopt for unknown ones. Rules that
  /// only the training-session checks implement get their title and an empty page.
  std::optional<CodeInfo> describe(std::string_view codeOrSlug) const override;

  /// The configuration that applies to a file at `path` (may be empty: settings only).
  Expected<ChecksConfig> configFor(const std::string& path) const;
  /// Problems with the editor settings seen by the last configure() (wrong types, unknown rules).
  std::vector<std::string> settingsWarnings() const;

 private:
  struct CachedProject {
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
    std::optional<ProjectConfig> config;
  };
  Expected<std::optional<ProjectConfig>> projectFor(const std::string& path) const;

  mutable std::mutex mu_;
  Settings settings_;                 // guarded by mu_
  std::string root_;                  // guarded by mu_
  std::vector<std::string> warnings_; // guarded by mu_
  mutable std::map<std::string, CachedProject> cache_;  // pyproject path -> parse; guarded by mu_
};

}  // namespace mlide::checks
