#include "lsp-server/transport/JsonRpc.hpp"

#include "core/support/Logging.hpp"

namespace mlide::lsp {

RpcCode rpcCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::ParseError:
      return RpcCode::InvalidParams;
    case ErrorCode::Cancelled:
      return RpcCode::RequestCancelled;
    case ErrorCode::NotFound:
    case ErrorCode::Unsupported:
    case ErrorCode::IoError:
    case ErrorCode::Storage:
      return RpcCode::RequestFailed;
    case ErrorCode::Internal:
      return RpcCode::InternalError;
  }
  return RpcCode::InternalError;
}

Incoming parseMessage(std::string_view body) {
  json msg = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (msg.is_discarded()) {
    return InvalidMessage{nullptr, RpcCode::ParseError, "message is not valid JSON (or not valid UTF-8)"};
  }
  if (!msg.is_object()) {
    return InvalidMessage{nullptr, RpcCode::InvalidRequest, "message is not a JSON object"};
  }
  json id = nullptr;
  bool hasId = false;
  if (auto it = msg.find("id"); it != msg.end()) {
    if (!it->is_number_integer() && !it->is_string() && !it->is_null()) {
      return InvalidMessage{nullptr, RpcCode::InvalidRequest, "`id` must be an integer or a string"};
    }
    id = *it;
    hasId = !it->is_null();
  }
  if (auto v = msg.find("jsonrpc"); v == msg.end() || *v != "2.0") {
    return InvalidMessage{id, RpcCode::InvalidRequest, "`jsonrpc` must be \"2.0\""};
  }
  if (auto m = msg.find("method"); m != msg.end()) {
    if (!m->is_string()) return InvalidMessage{id, RpcCode::InvalidRequest, "`method` must be a string"};
    json params = nullptr;
    if (auto p = msg.find("params"); p != msg.end()) {
      if (!p->is_object() && !p->is_array() && !p->is_null()) {
        return InvalidMessage{id, RpcCode::InvalidRequest, "`params` must be an object or an array"};
      }
      params = *p;
    }
    if (hasId) return IncomingRequest{id, m->get<std::string>(), std::move(params)};
    if (msg.contains("id")) {
      return InvalidMessage{nullptr, RpcCode::InvalidRequest, "request `id` must not be null"};
    }
    return IncomingNotification{m->get<std::string>(), std::move(params)};
  }
  if (hasId && (msg.contains("result") || msg.contains("error"))) {
    return IncomingResponse{id, msg.value("result", json()), msg.value("error", json())};
  }
  return InvalidMessage{id, RpcCode::InvalidRequest, "message has neither `method` nor `result`/`error`"};
}

json makeErrorResponse(const json& id, RpcCode code, const std::string& message) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", static_cast<int>(code)}, {"message", message}}}};
}

json makeResultResponse(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json makeNotification(const std::string& method, json params) {
  json m{{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) m["params"] = std::move(params);
  return m;
}

json makeRequest(const json& id, const std::string& method, json params) {
  json m{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) m["params"] = std::move(params);
  return m;
}

ReplyOnce::ReplyOnce(json id, std::string method, std::shared_ptr<MessageSink> sink)
    : id_(std::move(id)),
      method_(std::move(method)),
      sink_(std::move(sink)),
      replied_(std::make_shared<std::atomic<bool>>(false)) {}

ReplyOnce::ReplyOnce(ReplyOnce&& o) noexcept
    : id_(std::move(o.id_)), method_(std::move(o.method_)), sink_(std::move(o.sink_)), replied_(std::move(o.replied_)) {
  o.sink_ = nullptr;
}

ReplyOnce::~ReplyOnce() {
  if (sink_ && !replied_->load()) {
    log::error("no reply to '" + method_ + "' (id " + id_.dump() + "); replying InternalError");
    error(RpcCode::InternalError, "server bug: '" + method_ + "' finished without a reply");
  }
}

bool ReplyOnce::claim() {
  if (!sink_) return false;
  if (replied_->exchange(true)) {
    log::error("second reply to '" + method_ + "' (id " + id_.dump() + ") dropped");
    return false;
  }
  return true;
}

void ReplyOnce::result(json value) {
  if (claim()) sink_->send(makeResultResponse(id_, std::move(value)));
}

void ReplyOnce::error(RpcCode code, const std::string& message) {
  if (claim()) sink_->send(makeErrorResponse(id_, code, message));
}

void ReplyOnce::reply(Expected<json> r) {
  if (r) {
    result(std::move(*r));
  } else {
    error(r.error());
  }
}

}  // namespace mlide::lsp
