// The mlide/* custom requests (see protocol/Extensions.hpp).
#include <filesystem>

#include "core/store/Database.hpp"
#include "lsp-server/protocol/Protocol.hpp"
#include "lsp-server/server/Server.hpp"
#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/dynamic/RulePages.hpp"
#include "lsp-server/server/TrainingBridge.hpp"
#include "plugins/embedding/index/CorpusIndex.hpp"

namespace mlide::server {

using lsp::RpcCode;

namespace {
// Names the command by its title in VS Code's palette (package.json).
constexpr const char* kNoCorpusMessage =
    "No corpus indexed yet: run “mlide: Index a Corpus of ML Projects” on a folder of ML projects.";
constexpr const char* kNoAttributionMessage =
    "Model comparison (IMACS) is not in this build yet; nothing was computed.";
}  // namespace

void Server::onServerStatus(const json&, lsp::ReplyOnce reply) {
  json engines = json::array();
  for (const auto& e : engines_) engines.push_back(std::string(e->name()));
  reply.result({{"version", MLIDE_VERSION},
                {"engines", engines},
                {"positionEncoding", positionEncodingName(encoding_)},
                {"openDocuments", docs_.size()},
                {"workspaceRoot", workspaceRoot()},
                {"databasePath", databasePath()}});
}

void Server::onRuleDocumentation(const json& params, lsp::ReplyOnce reply) {
  std::string rule;
  lsp::JsonPath path;
  if (!lsp::required(params, "rule", rule, path)) {
    reply.error(RpcCode::InvalidParams, path.error());
    return;
  }
  // The catalogue's rules (static and training-time), then what other engines describe.
  if (const checks::RuleInfo* info = checks::findRule(rule)) {
    reply.result({{"code", info->code}, {"rule", info->slug}, {"title", info->title}, {"markdown", *training::rulePage(rule)}});
    return;
  }
  for (const auto& e : engines_) {
    if (auto info = e->describe(rule)) {
      reply.result({{"code", info->code}, {"rule", info->rule}, {"title", info->title}, {"markdown", info->markdown}});
      return;
    }
  }
  reply.error(RpcCode::InvalidParams, "unknown rule '" + rule + "' (see `mlide rules`)");
}

void Server::onTrainingListSessions(const json&, lsp::ReplyOnce reply) {
  std::shared_ptr<TrainingBridge> training;
  {
    std::lock_guard<std::mutex> lock(stateMutex_);
    training = training_;
  }
  if (!training) return reply.result({{"sessions", json::array()}});
  auto r = training->listSessions();
  r ? reply.result(std::move(*r)) : reply.error(r.error());
}

void Server::onTrainingSession(const json& params, lsp::ReplyOnce reply) {
  std::int64_t id = 0;
  lsp::JsonPath path;
  if (!lsp::required(params, "id", id, path)) return reply.error(RpcCode::InvalidParams, path.error());
  std::shared_ptr<TrainingBridge> training;
  {
    std::lock_guard<std::mutex> lock(stateMutex_);
    training = training_;
  }
  if (!training) return reply.error(RpcCode::InvalidParams, "no such training session");
  auto r = training->session(id);
  r ? reply.result(std::move(*r)) : reply.error(r.error());
}

void Server::onEmbeddingStatus(const json&, lsp::ReplyOnce reply) {
  const std::string path = databasePath();
  json result{{"projects", 0}, {"files", 0}, {"database", path}};
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    result["message"] = kNoCorpusMessage;
    reply.result(std::move(result));
    return;
  }
  auto db = store::Database::open(path);
  if (!db) {
    reply.error(db.error());
    return;
  }
  if (auto s = embedding::migrateCorpusSchema(**db); !s) {
    reply.error(s.error());
    return;
  }
  auto counts = embedding::corpusCounts(**db);
  if (!counts) {
    reply.error(counts.error());
    return;
  }
  result["projects"] = counts->projects;
  result["files"] = counts->files;
  result["message"] = counts->projects == 0
                          ? kNoCorpusMessage
                          : std::to_string(counts->files) + " Python files and notebooks in " +
                                std::to_string(counts->projects) + " projects.";
  reply.result(std::move(result));
}

void Server::onAttributionListComparisons(const json&, lsp::ReplyOnce reply) {
  // Comparing loads the models (TorchScript runs code): never in a workspace the user distrusts.
  if (!workspaceTrusted_)
    return reply.error(
        RpcCode::RequestFailed,
        "model comparison loads model files, so it needs a trusted workspace; this one is not "
        "trusted (Restricted Mode)");
  // No attribution engine is built in yet: say so rather than answer with an empty history.
  reply.result(
      {{"available", false}, {"message", kNoAttributionMessage}, {"comparisons", json::array()}});
}

}  // namespace mlide::server
