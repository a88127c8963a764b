// workspace/executeCommand and long jobs with $/progress.
#include <filesystem>

#include "core/store/Database.hpp"
#include "core/support/Logging.hpp"
#include "lsp-server/protocol/Extensions.hpp"
#include "lsp-server/protocol/Protocol.hpp"
#include "lsp-server/server/Server.hpp"
#include "plugins/embedding/index/CorpusIndex.hpp"

namespace mlide::server {

using lsp::RpcCode;
namespace fs = std::filesystem;

namespace {

Expected<std::unique_ptr<store::Database>> openWorkspaceDb(const std::string& path) {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec)
    return makeError(ErrorCode::IoError, "cannot create " + fs::path(path).parent_path().string() +
                                             ": " + ec.message());
  return store::Database::open(path);
}

}  // namespace

void Server::onExecuteCommand(const json& params, lsp::ReplyOnce reply) {
  lsp::ExecuteCommandParams p;
  if (auto err = lsp::parseParams(params, p)) {
    reply.error(RpcCode::InvalidParams, *err);
    return;
  }
  if (p.command == lsp::ext::kCommandIndexCorpus) {
    std::string folder;
    if (!p.arguments.empty() && p.arguments[0].is_object() && p.arguments[0].contains("folder") &&
        p.arguments[0]["folder"].is_string()) {
      folder = p.arguments[0]["folder"].get<std::string>();
    } else if (!p.arguments.empty() && p.arguments[0].is_string()) {
      folder = p.arguments[0].get<std::string>();
    } else {
      reply.error(RpcCode::InvalidParams,
                  "mlide.indexCorpus expects [{\"folder\": \"/path/to/corpus\"}]");
      return;
    }
    const std::string db = databasePath();
    startJob(
        "Indexing " + fs::path(folder).filename().string(), std::move(reply),
        [folder, db](const CancellationToken& cancel,
                     const std::function<void(const std::string&, int)>& report) -> Expected<json> {
          auto projects = embedding::scanCorpus(folder, cancel, report);
          if (!projects) return projects.takeError();
          auto conn = openWorkspaceDb(db);
          if (!conn) return conn.takeError();
          if (auto s = embedding::migrateCorpusSchema(**conn); !s) return s.takeError();
          if (auto s = embedding::storeCorpus(**conn, folder, *projects); !s) return s.takeError();
          std::size_t files = 0;
          for (const auto& pr : *projects) files += pr.files.size();
          return json{{"projects", projects->size()}, {"files", files}, {"database", db}};
        });
    return;
  }
  reply.error(RpcCode::InvalidParams, "unknown command '" + p.command + "'");
}

void Server::startJob(
    const std::string& title, lsp::ReplyOnce reply,
    std::function<Expected<json>(const CancellationToken&,
                                 const std::function<void(const std::string&, int)>&)>
        job) {
  struct JobState {
    std::string title;
    std::string token;
    CancellationSource cancel;
    lsp::ReplyOnce reply;
    std::function<Expected<json>(const CancellationToken&,
                                 const std::function<void(const std::string&, int)>&)>
        job;
  };
  static std::atomic<int> counter{0};
  auto state = std::make_shared<JobState>(JobState{
      title, "mlide-job-" + std::to_string(++counter), {}, std::move(reply), std::move(job)});
  const std::string idKey = state->reply.id().dump();
  {
    std::lock_guard<std::mutex> lock(inflightMutex_);
    inflight_[idKey] = state->cancel;
    inflight_["progress:" + state->token] = state->cancel;
  }
  // `progress`: whether the client accepted the token; a refused one must not be used (LSP).
  auto run = [this, state, idKey](bool progress) {
    auto sendProgress = [this, state, progress](json value) {
      if (progress)
        sink_->send(lsp::makeNotification("$/progress",
                                          {{"token", state->token}, {"value", std::move(value)}}));
    };
    sendProgress(
        {{"kind", "begin"}, {"title", state->title}, {"cancellable", true}, {"percentage", 0}});
    Expected<json> result = makeError(ErrorCode::Internal, "job did not run");
    if (state->cancel.cancelled()) {
      // Cancelled while the progress token was being created: skip the work.
      result = makeError(ErrorCode::Cancelled, "cancelled before it started");
    } else {
      try {
        result = state->job(state->cancel.token(), [&](const std::string& message, int percent) {
          sendProgress({{"kind", "report"}, {"message", message}, {"percentage", percent}});
        });
      } catch (const std::exception& e) {
        result = makeError(ErrorCode::Internal, std::string("job failed: ") + e.what());
      }
    }
    sendProgress({{"kind", "end"}, {"message", result ? "done" : result.error().message}});
    {
      std::lock_guard<std::mutex> lock(inflightMutex_);
      inflight_.erase(idKey);
      inflight_.erase("progress:" + state->token);
    }
    if (state->cancel.cancelled()) {
      state->reply.error(RpcCode::RequestCancelled, state->title + ": cancelled");
    } else {
      state->reply.reply(std::move(result));
    }
  };
  auto launch = [this, run](bool progress) {
    if (jobs_) {
      jobs_->post([run, progress] { run(progress); });
    } else {
      run(progress);
    }
  };
  if (!workDoneProgress_) {
    launch(false);
    return;
  }
  // The token may be used once the client has acknowledged it. In transcripts (synchronous) the
  // job runs when that reply arrives, so a $/cancelRequest sent before it lands deterministically.
  sendRequest("window/workDoneProgress/create", {{"token", state->token}},
              [launch](const json&, const json& error) {
                const bool accepted = error.is_null();
                if (!accepted) log::warn("client refused a progress token: " + error.dump());
                launch(accepted);
              });
}

}  // namespace mlide::server
