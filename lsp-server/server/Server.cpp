#include "lsp-server/server/Server.hpp"

#include <exception>

#include "core/support/Logging.hpp"
#include "lsp-server/protocol/Extensions.hpp"

namespace mlide::server {

using lsp::RpcCode;

Server::Server(std::shared_ptr<lsp::MessageSink> sink, std::vector<std::unique_ptr<Engine>> engines,
               ServerOptions options, boost::asio::io_context* io)
    : sink_(std::move(sink)),
      engines_(std::move(engines)),
      options_(options),
      io_(io),
      scheduler_({options.synchronous, options.debounce, options.workers}, io),
      jobs_(options.synchronous ? nullptr : std::make_unique<ThreadPool>(1)) {
  registerHandlers();
}

Server::~Server() {
  training_.reset();  // stop the training writer thread before what its callbacks use
  scheduler_.stop();
  for (auto& e : engines_) e->stop();
  jobs_.reset();
}

void Server::registerHandlers() {
  requests_ = {
      {"initialize", &Server::onInitialize},
      {"shutdown", &Server::onShutdown},
      {"textDocument/hover", &Server::onHover},
      {"textDocument/codeAction", &Server::onCodeAction},
      {"workspace/executeCommand", &Server::onExecuteCommand},
      {lsp::ext::kServerStatus, &Server::onServerStatus},
      {lsp::ext::kRuleDocumentation, &Server::onRuleDocumentation},
      {lsp::ext::kTrainingListSessions, &Server::onTrainingListSessions},
      {lsp::ext::kTrainingSession, &Server::onTrainingSession},
      {lsp::ext::kEmbeddingStatus, &Server::onEmbeddingStatus},
      {lsp::ext::kAttributionListComparisons, &Server::onAttributionListComparisons},
  };
  notifications_ = {
      {"initialized", &Server::onInitialized},
      {"exit", &Server::onExit},
      {"$/cancelRequest", &Server::onCancelRequest},
      {"$/setTrace", &Server::onSetTrace},
      {"window/workDoneProgress/cancel", &Server::onWorkDoneProgressCancel},
      {"workspace/didChangeConfiguration", &Server::onDidChangeConfiguration},
      {"textDocument/didOpen", &Server::onDidOpen},
      {"textDocument/didChange", &Server::onDidChange},
      {"textDocument/didClose", &Server::onDidClose},
      {"textDocument/didSave", &Server::onDidSave},
      {"notebookDocument/didOpen", &Server::onNotebookDidOpen},
      {"notebookDocument/didChange", &Server::onNotebookDidChange},
      {"notebookDocument/didSave", &Server::onNotebookDidSave},
      {"notebookDocument/didClose", &Server::onNotebookDidClose},
  };
}

void Server::onFrame(const std::string& body) {
  if (finished_) return;
  try {
    lsp::Incoming msg = lsp::parseMessage(body);
    if (auto* req = std::get_if<lsp::IncomingRequest>(&msg)) {
      dispatchRequest(std::move(*req));
    } else if (auto* note = std::get_if<lsp::IncomingNotification>(&msg)) {
      dispatchNotification(std::move(*note));
    } else if (auto* resp = std::get_if<lsp::IncomingResponse>(&msg)) {
      handleResponse(std::move(*resp));
    } else {
      const auto& bad = std::get<lsp::InvalidMessage>(msg);
      log::warn("invalid message: " + bad.message);
      sink_->send(lsp::makeErrorResponse(bad.id, bad.code, bad.message));
    }
  } catch (const std::exception& e) {
    // Handlers catch their own exceptions; this is the last line of defence.
    log::error(std::string("unexpected exception while handling a message: ") + e.what());
  }
}

void Server::onFrameError(const std::string& message) {
  log::warn("framing error: " + message);
  // No request id can be recovered from a broken frame; JSON-RPC uses id null for that.
  sink_->send(lsp::makeErrorResponse(nullptr, RpcCode::ParseError, message));
}

void Server::onEof() {
  log::info(shutdownRequested_ ? "input closed after shutdown" : "input closed without shutdown");
  finish();
}

void Server::finish() {
  if (finished_.exchange(true)) return;
  scheduler_.stop();
  for (auto& e : engines_) e->stop();
  if (onFinished_) onFinished_();
}

void Server::dispatchRequest(lsp::IncomingRequest&& req) {
  lsp::ReplyOnce reply(req.id, req.method, sink_);
  if (!initialized_ && req.method != "initialize") {
    reply.error(RpcCode::ServerNotInitialized, "'" + req.method + "' before initialize");
    return;
  }
  if (shutdownRequested_) {
    reply.error(RpcCode::InvalidRequest, "'" + req.method + "' after shutdown");
    return;
  }
  auto it = requests_.find(req.method);
  if (it == requests_.end()) {
    reply.error(RpcCode::MethodNotFound, "unknown method '" + req.method + "'");
    return;
  }
  try {
    (this->*(it->second))(req.params, std::move(reply));
  } catch (const std::exception& e) {
    // `reply` was moved into the handler; its destructor answered InternalError if needed.
    log::error("'" + req.method + "' threw: " + e.what());
  }
}

void Server::dispatchNotification(lsp::IncomingNotification&& note) {
  if (!initialized_ && note.method != "exit") {
    log::warn("dropping notification '" + note.method + "' before initialize");
    return;
  }
  auto it = notifications_.find(note.method);
  if (it == notifications_.end()) {
    // "$/" notifications may be ignored silently (LSP); others are worth a log line.
    if (note.method.rfind("$/", 0) != 0) log::info("ignoring unknown notification '" + note.method + "'");
    return;
  }
  try {
    (this->*(it->second))(note.params);
  } catch (const std::exception& e) {
    log::error("notification '" + note.method + "' threw: " + e.what());
    logToClient(1, "mlide: internal error in '" + note.method + "': " + e.what());
  }
}

void Server::handleResponse(lsp::IncomingResponse&& resp) {
  std::function<void(const json&, const json&)> cb;
  {
    std::lock_guard<std::mutex> lock(pendingMutex_);
    auto it = pending_.find(resp.id.dump());
    if (it == pending_.end()) {
      log::warn("response to unknown request " + resp.id.dump());
      return;
    }
    cb = std::move(it->second);
    pending_.erase(it);
  }
  if (cb) cb(resp.result, resp.error);
}

void Server::sendRequest(const std::string& method, json params,
                         std::function<void(const json&, const json&)> onReply) {
  json id;
  {
    std::lock_guard<std::mutex> lock(pendingMutex_);
    id = "mlide/" + std::to_string(nextRequestId_++);
    pending_[id.dump()] = std::move(onReply);
  }
  sink_->send(lsp::makeRequest(id, method, std::move(params)));
}

void Server::sendNotification(const std::string& method, json params) {
  if (!initialized_ || finished_) return;
  sink_->send(lsp::makeNotification(method, std::move(params)));
}

void Server::logToClient(int type, const std::string& message) {
  sink_->send(lsp::makeNotification("window/logMessage", {{"type", type}, {"message", message}}));
}

void Server::showToClient(int type, const std::string& message) {
  sink_->send(lsp::makeNotification("window/showMessage", {{"type", type}, {"message", message}}));
}

void Server::blockUntilIdle() { scheduler_.blockUntilIdle(); }

}  // namespace mlide::server
