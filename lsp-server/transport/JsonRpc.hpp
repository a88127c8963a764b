// JSON-RPC 2.0 over the LSP base protocol: message classification, error codes, and ReplyOnce,
// which guarantees exactly one reply per request.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/support/Expected.hpp"

namespace mlide::lsp {

using nlohmann::json;

/// JSON-RPC and LSP error codes.
enum class RpcCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  UnknownErrorCode = -32001,
  RequestFailed = -32803,
  ServerCancelled = -32802,
  ContentModified = -32801,
  RequestCancelled = -32800,
};

/// Maps an mlide Error to the JSON-RPC code a client understands.
RpcCode rpcCodeFor(ErrorCode code);

/// Where outgoing messages go. Implementations are thread-safe and never throw; after the peer
/// has gone away, send() drops messages.
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  virtual void send(const json& message) = 0;
};

struct IncomingRequest {
  json id;  // number or string
  std::string method;
  json params;  // null when absent
};
struct IncomingNotification {
  std::string method;
  json params;
};
struct IncomingResponse {
  json id;
  json result;  // null on error
  json error;   // null on success
};
struct InvalidMessage {
  json id;  // null unless the message had a usable id
  RpcCode code;
  std::string message;
};
using Incoming = std::variant<IncomingRequest, IncomingNotification, IncomingResponse, InvalidMessage>;

/// Parses and classifies one frame body. Never throws.
Incoming parseMessage(std::string_view body);

json makeErrorResponse(const json& id, RpcCode code, const std::string& message);
json makeResultResponse(const json& id, json result);
json makeNotification(const std::string& method, json params);
json makeRequest(const json& id, const std::string& method, json params);

/// Replies to one request, exactly once. Move-only. If destroyed without replying, it sends
/// InternalError ("no reply") and logs: a handler bug must not leave the client waiting.
/// A second reply is logged and dropped. Thread-safe to hand to another thread.
class ReplyOnce {
 public:
  ReplyOnce(json id, std::string method, std::shared_ptr<MessageSink> sink);
  ReplyOnce(ReplyOnce&& other) noexcept;
  ReplyOnce& operator=(ReplyOnce&&) = delete;
  ~ReplyOnce();

  void result(json value);
  void error(RpcCode code, const std::string& message);
  void error(const Error& e) { error(rpcCodeFor(e.code), e.message); }
  /// Convenience: result or error.
  void reply(Expected<json> r);
  bool replied() const { return !sink_ || replied_->load(); }
  const json& id() const { return id_; }
  const std::string& method() const { return method_; }

 private:
  bool claim();

  json id_;
  std::string method_;
  std::shared_ptr<MessageSink> sink_;
  std::shared_ptr<std::atomic<bool>> replied_;
};

}  // namespace mlide::lsp
