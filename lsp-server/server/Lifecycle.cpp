// initialize / initialized / shutdown / exit, cancellation, trace and configuration.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/support/Logging.hpp"
#include "core/support/Uri.hpp"
#include "lsp-server/protocol/Extensions.hpp"
#include "lsp-server/protocol/Protocol.hpp"
#include "lsp-server/server/Server.hpp"
#include "lsp-server/server/TrainingBridge.hpp"

namespace mlide::server {

using lsp::RpcCode;
namespace fs = std::filesystem;

namespace {

void flattenInto(const nlohmann::json& j, const std::string& prefix, Settings& out) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    const auto& v = it.value();
    if (v.is_object()) {
      flattenInto(v, key, out);
    } else if (v.is_boolean()) {
      out.set(key, v.get<bool>());
    } else if (v.is_number()) {
      out.set(key, v.get<double>());
    } else if (v.is_string()) {
      out.set(key, v.get<std::string>());
    } else if (v.is_array()) {
      std::vector<std::string> items;
      for (const auto& e : v)
        if (e.is_string()) items.push_back(e.get<std::string>());
      out.set(key, std::move(items));
    }
  }
}

// The folder of rule pages that hover links point to: next to the binary in a .vsix
// (server/docs/rules), or the source tree's docs/rules for a build tree (build/<preset>/mlide).
std::string findDocsDir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  for (const fs::path& candidate : {exe.parent_path() / "docs" / "rules",
                                    exe.parent_path().parent_path().parent_path() / "docs" / "rules"}) {
    if (fs::is_directory(candidate, ec)) return fs::weakly_canonical(candidate, ec).string();
  }
  return {};
}

}  // namespace

Settings flattenSettings(const nlohmann::json& nested) {
  Settings out;
  if (!nested.is_object()) return out;
  if (auto it = nested.find("mlide"); it != nested.end() && it->is_object()) {
    flattenInto(*it, "", out);
  } else {
    flattenInto(nested, "", out);
  }
  return out;
}

void Server::onInitialize(const json& params, lsp::ReplyOnce reply) {
  if (initialized_) {
    reply.error(RpcCode::InvalidRequest, "initialize sent twice");
    return;
  }
  lsp::InitializeParams p;
  if (auto err = lsp::parseParams(params, p)) {
    reply.error(RpcCode::InvalidParams, *err);
    return;
  }
  // The client lists encodings in preference order; we support all three.
  encoding_ = PositionEncoding::Utf16;
  for (const std::string& name : p.positionEncodings) {
    if (auto e = parsePositionEncoding(name)) {
      encoding_ = *e;
      break;
    }
  }
  versionSupport_ = p.diagnosticVersionSupport;
  workDoneProgress_ = p.workDoneProgress;
  // Neovim 0.7 does not declare these but displays them fine; VS Code declares them.
  codeDescription_ = true;
  relatedInformation_ = true;
  {
    std::lock_guard<std::mutex> lock(stateMutex_);
    std::string root;
    if (p.rootUri) {
      if (auto path = uriToPath(*p.rootUri)) root = *path;
    }
    if (root.empty() && !p.workspaceFolders.empty()) {
      if (auto path = uriToPath(p.workspaceFolders.front().uri)) root = *path;
    }
    if (root.empty() && p.rootPath) root = *p.rootPath;
    workspaceRoot_ = root;
  }
  initialized_ = true;
  applyWorkspaceTrust(p.initializationOptions);
  applySettings(p.initializationOptions);
  log::info("initialized by " + (p.clientName.empty() ? std::string("an unnamed client") : p.clientName) +
            ", position encoding " + positionEncodingName(encoding_));

  json commands = json::array({lsp::ext::kCommandIndexCorpus});
  reply.result({
      {"capabilities",
       {
           {"positionEncoding", positionEncodingName(encoding_)},
           {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
           {"notebookDocumentSync",
            {{"notebookSelector",
              json::array({{{"notebook", {{"notebookType", "jupyter-notebook"}}}, {"cells", json::array({{{"language", "python"}}})}}})},
             {"save", true}}},
           {"hoverProvider", true},
           {"codeActionProvider",
            {{"codeActionKinds", json::array({"quickfix", lsp::ext::kFixAllKind})}, {"resolveProvider", false}}},
           {"executeCommandProvider", {{"commands", commands}}},
           {"experimental",
            {{"mlide",
              {{"requests", json::array({lsp::ext::kServerStatus, lsp::ext::kRuleDocumentation,
                                         lsp::ext::kTrainingListSessions, lsp::ext::kTrainingSession,
                                         lsp::ext::kEmbeddingStatus, lsp::ext::kAttributionListComparisons})}}}}},
       }},
      {"serverInfo", {{"name", "mlide"}, {"version", MLIDE_VERSION}}},
  });
}

void Server::onInitialized(const json&) {
  if (!options_.trainingListener) return;
  auto bridge = std::make_shared<TrainingBridge>(*this);
  if (auto s = bridge->start(); !s) {
    logToClient(2, "mlide: training sessions unavailable: " + s.error().message);
    return;
  }
  std::lock_guard<std::mutex> lock(stateMutex_);
  training_ = std::move(bridge);
}

void Server::onShutdown(const json&, lsp::ReplyOnce reply) {
  shutdownRequested_ = true;
  scheduler_.stop();
  for (auto& e : engines_) e->stop();
  reply.result(nullptr);
}

void Server::onExit(const json&) { finish(); }

void Server::onCancelRequest(const json& params) {
  lsp::CancelParams p;
  if (auto err = lsp::parseParams(params, p)) {
    log::warn("$/cancelRequest: " + *err);
    return;
  }
  std::lock_guard<std::mutex> lock(inflightMutex_);
  if (auto it = inflight_.find(p.id.dump()); it != inflight_.end()) it->second.cancel();
  // Requests already answered are not in the map: nothing to do (LSP allows that).
}

void Server::onSetTrace(const json&) {}

void Server::onWorkDoneProgressCancel(const json& params) {
  if (!params.is_object() || !params.contains("token")) return;
  const json& token = params["token"];
  const std::string key = "progress:" + (token.is_string() ? token.get<std::string>() : token.dump());
  std::lock_guard<std::mutex> lock(inflightMutex_);
  if (auto it = inflight_.find(key); it != inflight_.end()) it->second.cancel();
}

void Server::onDidChangeConfiguration(const json& params) {
  if (!params.is_object() || !params.contains("settings")) {
    logToClient(1, "mlide: workspace/didChangeConfiguration without `settings`");
    return;
  }
  applyWorkspaceTrust(params["settings"]);
  applySettings(params["settings"]);
  // New thresholds or rule selections change static findings: re-analyse every open document.
  for (const std::string& uri : docs_.uris()) scheduleLint(uri);
}

void Server::applyWorkspaceTrust(const json& nested) {
  if (!nested.is_object()) return;
  // Beside the settings, or inside an `mlide` section (as didChangeConfiguration nests them).
  auto it = nested.find(lsp::ext::kWorkspaceTrustedOption);
  if (it == nested.end()) {
    auto section = nested.find("mlide");
    if (section == nested.end() || !section->is_object()) return;
    it = section->find(lsp::ext::kWorkspaceTrustedOption);
    if (it == section->end()) return;
  }
  if (!it->is_boolean()) {
    logToClient(2, std::string("mlide: `") + lsp::ext::kWorkspaceTrustedOption +
                       "` must be true or false; ignored");
    return;
  }
  const bool trusted = it->get<bool>();
  if (workspaceTrusted_.exchange(trusted) != trusted)
    log::info(trusted ? "workspace trusted: model files may be loaded"
                      : "workspace not trusted: no model files are loaded");
}

void Server::applySettings(const json& nested) {
  Settings s = flattenSettings(nested);
  if (auto level = s.getString("logLevel")) log::setLevel(log::parseLevel(*level));
  if (!s.has("checks.docsBaseUri")) {
    if (!options_.docsBaseUri.empty()) {
      s.set("checks.docsBaseUri", options_.docsBaseUri);
    } else {
      static const std::string docs = findDocsDir();
      if (!docs.empty()) s.set("checks.docsBaseUri", pathToUri(docs));
    }
  }
  std::string root;
  std::shared_ptr<TrainingBridge> training;
  {
    std::lock_guard<std::mutex> lock(stateMutex_);
    settings_ = s;
    root = workspaceRoot_;
    training = training_;
  }
  for (auto& e : engines_) e->configure(s, root);
  // Training thresholds apply live, from the next batch of events on.
  if (training) training->configure(s);
}

Settings Server::settings() const {
  std::lock_guard<std::mutex> lock(stateMutex_);
  return settings_;
}

std::string Server::workspaceRoot() const {
  std::lock_guard<std::mutex> lock(stateMutex_);
  return workspaceRoot_;
}

std::string Server::databasePath() const {
  std::lock_guard<std::mutex> lock(stateMutex_);
  if (auto p = settings_.getString("database.path"); p && !p->empty()) {
    fs::path path(*p);
    if (path.is_relative() && !workspaceRoot_.empty()) path = fs::path(workspaceRoot_) / path;
    return path.string();
  }
  if (!workspaceRoot_.empty()) return (fs::path(workspaceRoot_) / ".mlide" / "mlide.db").string();
  const char* state = std::getenv("XDG_STATE_HOME");
  const char* home = std::getenv("HOME");
  fs::path base = state && *state ? fs::path(state) : fs::path(home ? home : "/tmp") / ".local" / "state";
  return (base / "mlide" / "mlide.db").string();
}

}  // namespace mlide::server
