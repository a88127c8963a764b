#include "plugins/checks/ChecksEngine.hpp"

#include <fstream>
#include <sstream>

#include "core/support/Logging.hpp"
#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/Checker.hpp"

namespace mlide::checks {

namespace fs = std::filesystem;

void ChecksEngine::configure(const Settings& settings, const std::string& workspaceRoot) {
  std::vector<std::string> warnings;
  (void)mergeConfig(nullptr, settings, &warnings);
  for (const std::string& w : warnings) log::warn("checks settings: " + w);
  std::lock_guard<std::mutex> lock(mu_);
  settings_ = settings;
  root_ = workspaceRoot;
  warnings_ = std::move(warnings);
}

std::vector<std::string> ChecksEngine::settingsWarnings() const {
  std::lock_guard<std::mutex> lock(mu_);
  return warnings_;
}

Expected<std::optional<ProjectConfig>> ChecksEngine::projectFor(const std::string& path) const {
  if (path.empty()) return std::optional<ProjectConfig>{};
  std::string root;
  {
    std::lock_guard<std::mutex> lock(mu_);
    root = root_;
  }
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(path), ec).parent_path();
  if (ec) return std::optional<ProjectConfig>{};
  const fs::path stop = root.empty() ? fs::path() : fs::absolute(fs::path(root), ec);
  // Only stop at the workspace root for files inside it.
  const bool inside = !stop.empty() && dir.string().rfind(stop.string(), 0) == 0;
  for (int depth = 0; depth < 64 && !dir.empty(); ++depth) {
    const fs::path candidate = dir / "pyproject.toml";
    const auto mtime = fs::last_write_time(candidate, ec);
    if (!ec) {
      const std::uintmax_t size = fs::file_size(candidate, ec);
      const std::string key = candidate.string();
      std::optional<ProjectConfig> found;
      bool cached = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = cache_.find(key);
        if (it != cache_.end() && it->second.mtime == mtime && it->second.size == size) {
          found = it->second.config;
          cached = true;
        }
      }
      if (!cached) {
        std::ifstream in(candidate, std::ios::binary);
        if (!in) return makeError(ErrorCode::IoError, key + ": cannot read");
        std::stringstream ss;
        ss << in.rdbuf();
        auto parsed = parseProjectConfig(ss.str(), key);
        if (!parsed.ok()) return parsed.takeError();  // not cached: the user is fixing it
        found = *parsed;
        std::lock_guard<std::mutex> lock(mu_);
        cache_[key] = CachedProject{mtime, size, found};
      }
      if (found) return found;
    }
    if (inside && dir == stop) break;
    const fs::path parent = dir.parent_path();
    if (parent == dir) break;
    dir = parent;
  }
  return std::optional<ProjectConfig>{};
}

Expected<ChecksConfig> ChecksEngine::configFor(const std::string& path) const {
  auto project = projectFor(path);
  if (!project.ok()) return project.takeError();
  Settings settings;
  {
    std::lock_guard<std::mutex> lock(mu_);
    settings = settings_;
  }
  return mergeConfig(project->has_value() ? &**project : nullptr, settings);
}

Expected<std::vector<Diag>> ChecksEngine::lint(const SourceFile& file,
                                               const CancellationToken& cancel) {
  if (!file.tree)
    return makeError(ErrorCode::InvalidArgument, "checks: no syntax tree for " + file.uri);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!mergeConfig(nullptr, settings_).enable) return std::vector<Diag>{};
  }
  auto config = configFor(file.path);
  if (!config.ok()) return config.takeError();
  try {
    return runChecks(file, *config, cancel);
  } catch (const std::exception& e) {
    // A bug in a rule must not take the server down: report it as an error value.
    return makeError(ErrorCode::Internal, std::string("checks: ") + e.what());
  }
}

std::optional<std::string> ChecksEngine::documentation(std::string_view code) const {
  const RuleInfo* rule = findRule(code);
  if (!rule || !rule->def) return std::nullopt;
  return renderRulePage(*rule, rule->documentation());
}

std::optional<CodeInfo> ChecksEngine::describe(std::string_view codeOrSlug) const {
  const RuleInfo* rule = findRule(codeOrSlug);
  if (!rule) return std::nullopt;
  CodeInfo info;
  info.code = std::string(rule->code);
  info.rule = std::string(rule->slug);
  info.title = std::string(rule->title);
  if (rule->def) info.markdown = renderRulePage(*rule, rule->documentation());
  return info;
}

}  // namespace mlide::checks
