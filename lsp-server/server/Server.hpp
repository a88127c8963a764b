// The language server: LSP methods in, engine calls and LSP messages out.
//
// Threading: onFrame/onFrameError/onEof run on the transport's io thread, one at a time.
// Analysis runs on the Scheduler's workers and publishes from there; long jobs run on their own
// thread. Shared state (documents, settings, external diagnostics) is mutex-protected.
// Exceptions never escape: every handler is wrapped, and each request gets exactly one reply
// (ReplyOnce).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/engine/Engine.hpp"
#include "lsp-server/server/DocumentStore.hpp"
#include "lsp-server/server/Scheduler.hpp"
#include "lsp-server/server/ServerHooks.hpp"
#include "lsp-server/transport/JsonRpc.hpp"

namespace mlide::lsp {
struct TextView;  // Convert.hpp
}

namespace mlide::server {

class TrainingBridge;  // TrainingBridge.hpp

struct ServerOptions {
  /// Analyse inline, deterministically (transcripts and tests); no timers, no threads.
  bool synchronous = false;
  std::chrono::milliseconds debounce{120};
  unsigned workers = 0;
  /// Documents larger than this are kept in sync but not analysed.
  std::size_t maxAnalysedBytes = 8u << 20;
  /// Start the training-session listener after `initialized` (off in transcripts).
  bool trainingListener = true;
  /// Where rule links (codeDescription) point unless settings say; empty: the docs/rules folder
  /// found next to the binary. Transcripts use a fixed one so their output is the same anywhere.
  std::string docsBaseUri;
};

class Server final : public ServerHooks {
 public:
  /// `io` may be null only when options.synchronous.
  Server(std::shared_ptr<lsp::MessageSink> sink, std::vector<std::unique_ptr<Engine>> engines,
         ServerOptions options, boost::asio::io_context* io);
  ~Server() override;

  /// One decoded frame body from the client. Never throws.
  void onFrame(const std::string& body);
  /// A framing problem (bad header, oversize message): logged and reported to the client.
  void onFrameError(const std::string& message);
  /// The client closed its end.
  void onEof();

  /// Set once `exit` arrived or input ended; then the process should end with exitCode().
  bool finished() const { return finished_.load(); }
  /// 0 if `shutdown` preceded the end, else 1 (LSP).
  int exitCode() const { return shutdownRequested_.load() ? 0 : 1; }
  /// Called when finished() becomes true (the serve loop stops its io_context).
  void setOnFinished(std::function<void()> fn) { onFinished_ = std::move(fn); }

  /// Waits for scheduled analysis to finish (tests, benchmarks).
  void blockUntilIdle();

  // ServerHooks
  void setExternalDiagnostics(const std::string& source, const std::string& path,
                              std::vector<Diag> diags,
                              std::shared_ptr<const std::string> text) override;
  void sendNotification(const std::string& method, nlohmann::json params) override;
  Settings settings() const override;
  std::string workspaceRoot() const override;
  std::string databasePath() const override;

 private:
  using json = nlohmann::json;
  using RequestHandler = void (Server::*)(const json& params, lsp::ReplyOnce reply);
  using NotificationHandler = void (Server::*)(const json& params);

  void registerHandlers();
  void dispatchRequest(lsp::IncomingRequest&& req);
  void dispatchNotification(lsp::IncomingNotification&& note);
  void handleResponse(lsp::IncomingResponse&& resp);

  // Lifecycle (Lifecycle.cpp)
  void onInitialize(const json& params, lsp::ReplyOnce reply);
  void onInitialized(const json& params);
  void onShutdown(const json& params, lsp::ReplyOnce reply);
  void onExit(const json& params);
  void onCancelRequest(const json& params);
  void onSetTrace(const json& params);
  void onWorkDoneProgressCancel(const json& params);
  void onDidChangeConfiguration(const json& params);
  void applySettings(const json& nested);
  /// Takes `workspaceTrusted` from initializationOptions or settings, when present.
  void applyWorkspaceTrust(const json& nested);
  void finish();

  // Documents (TextSync.cpp)
  void onDidOpen(const json& params);
  void onDidChange(const json& params);
  void onDidClose(const json& params);
  void onDidSave(const json& params);
  /// Queues `run(key)` on the per-key scheduler (debounced, stale work dropped); exceptions are
  /// logged, never propagated.
  void scheduleAnalysis(const std::string& key, void (Server::*run)(const std::string&, const CancellationToken&));
  void scheduleLint(const std::string& uri);
  void runLint(const std::string& uri, const CancellationToken& cancel);
  /// Every engine's findings for `file`; an engine that fails is logged and skipped. nullopt
  /// when cancelled.
  std::optional<std::vector<Diag>> lintWithEngines(const SourceFile& file, const CancellationToken& cancel);
  /// Applies didChange content changes to an open document. Returns false (and tells the user)
  /// when the document is unknown or an edit does not fit; the document is then out of sync.
  bool applyContentChanges(const std::string& uri, std::int64_t version,
                           const std::vector<ContentChange>& changes);
  // Notebooks (NotebookSync.cpp): cells are open documents, linted together as one module.
  void onNotebookDidOpen(const json& params);
  void onNotebookDidChange(const json& params);
  void onNotebookDidSave(const json& params);
  void onNotebookDidClose(const json& params);
  std::optional<std::string> notebookOf(const std::string& cellUri) const;
  void scheduleNotebookLint(const std::string& notebookUri);
  /// The text of `cellUri` after "fix all": the safe fixes that lie in that cell, found by
  /// checking the whole notebook (a cell's findings depend on the others), to a fixed point.
  Expected<std::string> fixedNotebookCell(const std::string& notebookUri,
                                          const std::string& cellUri);
  void runNotebookLint(const std::string& notebookUri, const CancellationToken& cancel);
  void publish(const std::string& uri);
  /// The external diagnostics of `uri`, with their source, carried onto `text` (see
  /// setExternalDiagnostics); `text` null: each set on its own text (a closed document).
  struct ExternalDiag {
    std::string source;
    Diag diag;
    std::shared_ptr<const std::string> text;  // what diag's offsets refer to
  };
  std::vector<ExternalDiag> externalDiagnostics(const std::string& uri,
                                                std::shared_ptr<const std::string> text);

  // Features (Hover.cpp, CodeActions.cpp)
  void onHover(const json& params, lsp::ReplyOnce reply);
  void onCodeAction(const json& params, lsp::ReplyOnce reply);
  Expected<json> fixAllEdit(const std::string& uri);
  /// Quick fixes for an external diagnostic the client sent back, from `current` (the server's
  /// findings carried onto the document's text `view`); none when it matches no current one.
  std::vector<json> externalFixActions(const lsp::TextView& view, const std::string& uri,
                                       const json& diag, const std::vector<ExternalDiag>& current);

  // Commands and long jobs (Commands.cpp), mlide/* requests (ExtensionRequests.cpp)
  void onExecuteCommand(const json& params, lsp::ReplyOnce reply);
  void onServerStatus(const json& params, lsp::ReplyOnce reply);
  void onRuleDocumentation(const json& params, lsp::ReplyOnce reply);
  void onTrainingListSessions(const json& params, lsp::ReplyOnce reply);
  void onTrainingSession(const json& params, lsp::ReplyOnce reply);
  void onEmbeddingStatus(const json& params, lsp::ReplyOnce reply);
  void onAttributionListComparisons(const json& params, lsp::ReplyOnce reply);
  /// Runs `job` on the job thread with progress reporting; replies with its result.
  void startJob(const std::string& title, lsp::ReplyOnce reply,
                std::function<Expected<json>(const CancellationToken&, const std::function<void(const std::string&, int)>&)> job);
  void sendRequest(const std::string& method, json params, std::function<void(const json& result, const json& error)> onReply);

  void logToClient(int type, const std::string& message);   // window/logMessage
  void showToClient(int type, const std::string& message);  // window/showMessage
  PositionEncoding encoding() const { return encoding_; }

  std::shared_ptr<lsp::MessageSink> sink_;
  std::vector<std::unique_ptr<Engine>> engines_;
  ServerOptions options_;
  boost::asio::io_context* io_;
  Scheduler scheduler_;
  DocumentStore docs_;

  std::unordered_map<std::string, RequestHandler> requests_;
  std::unordered_map<std::string, NotificationHandler> notifications_;

  // Client state, written on the io thread during initialize, read anywhere afterwards.
  std::atomic<bool> initialized_{false};
  std::atomic<bool> shutdownRequested_{false};
  std::atomic<bool> finished_{false};
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  bool versionSupport_ = false;
  bool workDoneProgress_ = false;
  bool codeDescription_ = true;
  bool relatedInformation_ = true;
  // The client's workspace trust (initializationOptions / settings `workspaceTrusted`); requests
  // that load model files are refused while false. Clients that never say are trusted.
  std::atomic<bool> workspaceTrusted_{true};
  std::function<void()> onFinished_;

  mutable std::mutex stateMutex_;
  Settings settings_;           // guarded by stateMutex_
  std::string workspaceRoot_;   // guarded by stateMutex_
  // External diagnostics: uri -> source -> findings in offsets of the text they were resolved
  // against; mapped onto the document's text when published or asked for fixes.
  struct ExternalSet {
    std::shared_ptr<const std::string> text;
    std::vector<Diag> diags;
  };
  std::map<std::string, std::map<std::string, ExternalSet>> external_;  // guarded by stateMutex_

  // Requests in flight that can be cancelled: id (dumped) -> source.
  std::mutex inflightMutex_;
  std::map<std::string, CancellationSource> inflight_;  // guarded by inflightMutex_

  // Server-initiated requests awaiting a reply.
  std::mutex pendingMutex_;
  std::map<std::string, std::function<void(const json&, const json&)>> pending_;  // guarded
  std::uint64_t nextRequestId_ = 1;                                                // guarded

  // Open notebooks: uri -> version and cells in order (cell document uri, is code).
  struct NotebookState {
    std::int64_t version = 0;
    std::vector<std::pair<std::string, bool>> cells;
  };
  mutable std::mutex notebookMutex_;
  std::map<std::string, NotebookState> notebooks_;  // guarded by notebookMutex_
  std::map<std::string, std::string> cellOwner_;    // cell uri -> notebook uri; guarded
  // Long jobs run one at a time on their own thread, never on the analysis workers.
  std::unique_ptr<ThreadPool> jobs_;

  // Training sessions (TrainingBridge.hpp), started on `initialized`; last, so destroyed first
  // while everything its callbacks use is alive. shared_ptr: destructible where incomplete.
  std::shared_ptr<TrainingBridge> training_;  // guarded by stateMutex_
};

/// Flattens nested settings ({"checks": {"select": [...]}}) into dotted keys. A top-level
/// {"mlide": {...}} wrapper (didChangeConfiguration) is unwrapped.
Settings flattenSettings(const nlohmann::json& nested);

}  // namespace mlide::server
