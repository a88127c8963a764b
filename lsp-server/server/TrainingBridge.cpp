#include "lsp-server/server/TrainingBridge.hpp"

#include <filesystem>
#include <optional>

#include "core/support/Logging.hpp"
#include "lsp-server/listener/Discovery.hpp"
#include "lsp-server/listener/Listener.hpp"
#include "lsp-server/listener/TrainingJson.hpp"
#include "lsp-server/protocol/Extensions.hpp"
#include "lsp-server/server/ServerHooks.hpp"
#include "plugins/checks/Catalogue.hpp"

namespace mlide::server {

namespace fs = std::filesystem;

TrainingBridge::TrainingBridge(ServerHooks& hooks) : hooks_(hooks) {}

TrainingBridge::~TrainingBridge() { stop(); }

Status TrainingBridge::start() {
  const Settings settings = hooks_.settings();
  const std::string dbPath = hooks_.databasePath();
  std::error_code ec;
  fs::create_directories(fs::path(dbPath).parent_path(), ec);
  training::TrainingService::Options options;
  options.databasePath = dbPath;
  options.config = resolveConfig(settings);
  if (auto after = settings.getNumber("training.interruptedAfter"))
    options.interruptedAfter = *after;
  auto service = training::TrainingService::start(std::move(options), this);
  if (!service) return service.takeError();
  service_ = std::move(*service);
  service_->republishLatest();

  if (settings.getBool("training.listener").value_or(true) == false) return okStatus();
  const std::string root = hooks_.workspaceRoot();
  if (root.empty()) {
    log::info("training listener: no workspace folder, not started (run `mlide listen` instead)");
    return okStatus();
  }
  const listener::DiscoveryPaths paths = listener::discoveryPaths(root);
  auto token = listener::loadOrCreateToken(paths.tokenFile);
  if (!token) {
    log::warn("training listener: " + token.error().message);
    return okStatus();
  }
  listener::ListenerOptions lo;
  lo.token = *token;
  const double requested = settings.getNumber("training.port").value_or(0);
  std::optional<unsigned short> port;  // none: the previous listener's, else any
  if (requested > 0) port = static_cast<unsigned short>(requested);
  auto l = listener::startListener(lo, port, paths, *service_);
  if (!l) {
    log::warn("training listener: " + l.error().message);
    return okStatus();
  }
  listener_ = std::move(*l);
  endpoint_ = listener_->endpoint();
  tokenFile_ = fs::absolute(paths.tokenFile).string();
  discoveryDir_ = root;
  if (auto s = listener::writeDiscovery(paths, endpoint_); !s) log::warn("training listener: " + s.error().message);
  log::info("training listener on " + endpoint_ + " (token in " + tokenFile_ + ")");
  return okStatus();
}

training::DynamicConfig TrainingBridge::resolveConfig(const Settings& settings) const {
  const std::string root = hooks_.workspaceRoot();
  std::vector<std::string> warnings;
  if (root.empty()) {
    // No workspace folder, no project to look in: settings and defaults only (cannot fail).
    auto config = training::DynamicConfig::resolve(nullptr, settings, &warnings);
    for (const std::string& w : warnings) log::warn("training settings: " + w);
    return config ? *config : training::DynamicConfig{};
  }
  auto loaded = training::loadDynamicConfig("", root, settings, &warnings);
  for (const std::string& w : warnings) log::warn("training settings: " + w);
  if (loaded) return loaded->config;
  log::warn("training thresholds: " + loaded.error().message + " (using the editor settings only)");
  return training::DynamicConfig::fromSettings(settings);
}

void TrainingBridge::configure(const Settings& settings) {
  if (service_) service_->setConfig(resolveConfig(settings));
}

std::vector<SettingSpec> TrainingBridge::listenerSettingKeys() {
  return {{"training.listener", std::nullopt, true},
          {"training.port", 0.0, true},
          {"training.interruptedAfter", 1800.0, true}};
}

void TrainingBridge::stop() {
  if (listener_) {
    listener_->stop();
    listener::removeDiscovery(listener::discoveryPaths(discoveryDir_), endpoint_);
  }
  if (service_) service_->stop();
  listener_.reset();
  service_.reset();
  endpoint_.clear();
}

Expected<nlohmann::json> TrainingBridge::listSessions() {
  if (!service_) return nlohmann::json{{"sessions", nlohmann::json::array()}};
  auto list = service_->listSessions();
  if (!list) return list.takeError();
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& s : *list) arr.push_back(listener::summaryToJson(s));
  return nlohmann::json{{"sessions", std::move(arr)}};
}

Expected<nlohmann::json> TrainingBridge::session(std::int64_t id) {
  if (!service_) return makeError(ErrorCode::NotFound, "no such training session");
  auto detail = service_->session(id);
  if (!detail) return detail.takeError();
  return listener::detailToJson(*detail);
}

void TrainingBridge::publishDiagnostics(const std::string& path, std::vector<Diag> diags,
                                        std::shared_ptr<const std::string> text) {
  // The same rule pages as the static findings link to.
  if (auto base = hooks_.settings().getString("checks.docsBaseUri")) {
    for (Diag& d : diags) {
      if (d.docUrl.empty() && !d.rule.empty()) d.docUrl = checks::ruleDocUrl(*base, d.rule);
    }
  }
  hooks_.setExternalDiagnostics("training", path, std::move(diags), std::move(text));
}

void TrainingBridge::sessionChanged(const training::SessionSummary& summary, training::SessionChangeKind kind) {
  hooks_.sendNotification(lsp::ext::kSessionChanged, {{"sessionId", summary.id},
                                                       {"kind", training::sessionChangeKindName(kind)},
                                                       {"status", training::sessionStatusName(summary.status)}});
}

}  // namespace mlide::server
