// Boost.Beast server of the training listener. One io thread; the service completes requests on
// its writer thread and the reply is posted back here through a Gate, so nothing reaches a
// connection after stop().
#include <utility>  // before Asio (Boost 1.74 + GCC 12 + C++20)

#include "lsp-server/listener/Listener.hpp"

#include <array>
#include <atomic>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/support/Logging.hpp"
#include "lsp-server/listener/TrainingJson.hpp"

namespace mlide::listener {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kMaxConnections = 1024;
// After refusing a request whose body we did not read, we read and discard the rest (up to
// this much) so that the client, which is still sending, gets to read our answer instead of a
// connection reset.
constexpr std::size_t kDrainLimit = 512u << 20;

bool sameToken(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// Lets the service's writer thread post completions to the io thread only while it runs.
struct Gate {
  std::mutex mutex;
  bool open = true;
  net::io_context* io = nullptr;

  template <typename F>
  void post(F f) {
    std::lock_guard<std::mutex> lock(mutex);
    if (open) net::post(*io, std::move(f));
  }
};

class Connection;

}  // namespace

struct Listener::Impl {
  Impl(ListenerOptions o, training::TrainingService& s) : options(std::move(o)), service(s) {}

  ListenerOptions options;
  training::TrainingService& service;
  net::io_context io{1};
  tcp::acceptor acceptor{io};
  std::shared_ptr<Gate> gate = std::make_shared<Gate>();
  std::thread thread;
  std::atomic<bool> stopped{false};
  unsigned short port = 0;
  std::string endpoint;
  // Owns every connection (io thread only): a request waiting for the service has no pending
  // Asio operation to keep it alive.
  std::map<std::uint64_t, std::shared_ptr<Connection>> connections;
  std::uint64_t nextId = 1;

  void accept();
};

namespace {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Listener::Impl& impl, tcp::socket socket, std::uint64_t id)
      : impl_(impl), stream_(std::move(socket)), id_(id) {}

  void start() { readHeader(); }

 private:
  using json = nlohmann::json;

  void readHeader() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    // No body limit while reading the header: Beast would refuse a large Content-Length before
    // the token is checked. The limit is set in onHeader, before any of the body is read.
    // (Not boost::none: Boost 1.74 compares the length against an empty optional and refuses.)
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_after(impl_.options.idleTimeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
  }

  void onHeader(beast::error_code ec) {
    if (ec) {
      if (ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
          ec == net::error::operation_aborted || ec == net::error::connection_reset) {
        return close();
      }
      return refuse(http::status::bad_request, "bad-request", "malformed HTTP request: " + ec.message(), true);
    }
    const auto& req = parser_->get();
    keepAlive_ = req.keep_alive();
    // The token first: nothing else about the server is revealed without it.
    auto auth = req.find(http::field::authorization);
    if (auth == req.end()) {
      return refuse(http::status::unauthorized, "missing-token",
                    "no token: send the header 'Authorization: Bearer <token>' with the token from the file named "
                    "by MLIDE_TRAINING_TOKEN_FILE (or tokenFile in .mlide/listener.json)",
                    true);
    }
    const std::string value(auth->value());
    const std::string prefix = "Bearer ";
    if (value.rfind(prefix, 0) != 0 || !sameToken(value.substr(prefix.size()), impl_.options.token)) {
      return refuse(http::status::forbidden, "wrong-token",
                    "wrong token: it does not match this workspace's listener token file (was the token file "
                    "replaced, or is this another workspace's listener?)",
                    true);
    }
    if (auto len = parser_->content_length(); len && *len > impl_.options.maxBodyBytes) {
      return refuse(http::status::payload_too_large, "too-large",
                    "request body of " + std::to_string(*len) + " bytes exceeds the limit of " +
                        std::to_string(impl_.options.maxBodyBytes) + " bytes: send fewer events per request",
                    true);
    }
    parser_->body_limit(impl_.options.maxBodyBytes);  // chunked bodies have no Content-Length
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code e, std::size_t) { self->onBody(e); });
  }

  void onBody(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return refuse(http::status::payload_too_large, "too-large",
                    "request body exceeds the limit of " + std::to_string(impl_.options.maxBodyBytes) +
                        " bytes: send fewer events per request",
                    true);
    }
    if (ec) return close();
    handle();
  }

  void handle() {
    const auto& req = parser_->get();
    std::string target(req.target());
    if (auto q = target.find('?'); q != std::string::npos) target.resize(q);
    std::vector<std::string> parts;
    for (std::size_t pos = 0; pos < target.size();) {
      const std::size_t next = target.find('/', pos);
      const std::string part = target.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
      if (!part.empty()) parts.push_back(part);
      if (next == std::string::npos) break;
      pos = next + 1;
    }
    const bool get = req.method() == http::verb::get;
    const bool post = req.method() == http::verb::post;
    if (parts.size() < 2 || parts[0] != "v1") return notFound(target);
    if (parts[1] == "health" && parts.size() == 2) {
      if (!get) return methodNotAllowed("GET");
      return reply(http::status::ok, {{"ok", true}, {"protocol", kTrainingProtocol}, {"version", MLIDE_VERSION}});
    }
    if (parts[1] != "sessions") return notFound(target);
    if (parts.size() == 2) {
      if (get) return listSessions();
      if (!post) return methodNotAllowed("GET, POST");
      auto body = parseBody();
      if (!body) return;
      auto start = parseSessionStart(*body);
      if (!start) return refuse(http::status::bad_request, "invalid-request", start.error().message, false);
      impl_.service.createSession(std::move(*start), completion<training::SessionSummary>([](const auto& s) {
                                    json j = summaryToJson(s);
                                    j["session"] = s.id;
                                    return j;
                                  }));
      return;
    }
    std::int64_t id = 0;
    try {
      std::size_t used = 0;
      id = std::stoll(parts[2], &used);
      if (used != parts[2].size() || id <= 0) throw std::invalid_argument("id");
    } catch (const std::exception&) {
      return refuse(http::status::not_found, "unknown-session", "'" + parts[2] + "' is not a session id", false);
    }
    if (parts.size() == 3) {
      if (!get) return methodNotAllowed("GET");
      auto detail = impl_.service.session(id);
      if (!detail) return serviceError(detail.error());
      return reply(http::status::ok, detailToJson(*detail));
    }
    if (parts.size() == 4 && parts[3] == "events") {
      if (!post) return methodNotAllowed("POST");
      auto body = parseBody();
      if (!body) return;
      auto events = parseEvents(*body);
      if (!events) return refuse(http::status::bad_request, "invalid-request", events.error().message, false);
      impl_.service.appendEvents(id, std::move(*events),
                                 completion<training::IngestResult>([](const auto& r) { return ingestToJson(r); }));
      return;
    }
    return notFound(target);
  }

  void listSessions() {
    auto list = impl_.service.listSessions();
    if (!list) return serviceError(list.error());
    json arr = json::array();
    for (const auto& s : *list) arr.push_back(summaryToJson(s));
    reply(http::status::ok, {{"sessions", std::move(arr)}});
  }

  // The body as JSON, or nullopt after replying 400.
  std::optional<json> parseBody() {
    const std::string& body = parser_->get().body();
    try {
      return json::parse(body);
    } catch (const json::parse_error& e) {
      refuse(http::status::bad_request, "invalid-json", std::string("invalid JSON: ") + e.what(), false);
      return std::nullopt;
    }
  }

  // A service callback that posts the reply back to the io thread, if the listener still runs.
  template <typename T, typename ToJson>
  Callback<T> completion(ToJson toJson) {
    std::weak_ptr<Connection> weak = shared_from_this();
    std::shared_ptr<Gate> gate = impl_.gate;
    return [weak, gate, toJson](Expected<T> result) {
      gate->post([weak, toJson, result = std::move(result)] {
        auto self = weak.lock();
        if (!self) return;
        if (!result) return self->serviceError(result.error());
        self->reply(http::status::ok, toJson(*result));
      });
    };
  }

  void serviceError(const Error& e) {
    switch (e.code) {
      case ErrorCode::NotFound: return refuse(http::status::not_found, "unknown-session", e.message, false);
      case ErrorCode::InvalidArgument: return refuse(http::status::bad_request, "invalid-request", e.message, false);
      case ErrorCode::Cancelled:
        return refuse(http::status::service_unavailable, "stopping", "the daemon is stopping: retry later", false);
      default: return refuse(http::status::internal_server_error, "internal", e.describe(), false);
    }
  }

  void notFound(const std::string& target) {
    refuse(http::status::not_found, "not-found",
           "no such endpoint '" + target + "' (GET /v1/health, POST /v1/sessions, POST /v1/sessions/{id}/events)",
           false);
  }
  void methodNotAllowed(const std::string& allowed) {
    refuse(http::status::method_not_allowed, "method-not-allowed", "use " + allowed, false);
  }

  // A refusal; when the body was not read, the connection is closed after draining it.
  void refuse(http::status status, const std::string& code, const std::string& message, bool bodyUnread) {
    log::debug("training listener: refused (" + code + "): " + message);
    reply(status, {{"error", {{"code", code}, {"message", message}}}, {"protocol", kTrainingProtocol}}, bodyUnread);
  }

  void reply(http::status status, const json& body, bool closeAfter = false) {
    res_ = {};
    res_.result(status);
    res_.version(11);
    res_.set(http::field::server, "mlide");
    res_.set(http::field::content_type, "application/json");
    res_.body() = body.dump(-1, ' ', false, json::error_handler_t::replace);
    const bool keep = keepAlive_ && !closeAfter;
    res_.keep_alive(keep);
    res_.prepare_payload();
    stream_.expires_after(impl_.options.idleTimeout);
    http::async_write(stream_, res_, [self = shared_from_this(), keep, closeAfter](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      if (closeAfter) return self->drain();
      if (keep) return self->readHeader();
      self->close();
    });
  }

  void drain() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(10));
    readDiscard();
  }

  void readDiscard() {
    // Bytes already buffered count too; the rest comes off the socket.
    drained_ += buffer_.size();
    buffer_.consume(buffer_.size());
    if (drained_ > kDrainLimit) return close();
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      if (ec) return self->close();
      self->drained_ += n;
      self->readDiscard();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
    impl_.connections.erase(id_);  // may destroy *this: nothing after this line
  }

  Listener::Impl& impl_;
  beast::tcp_stream stream_;
  std::uint64_t id_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  bool keepAlive_ = true;
  std::array<char, 64 * 1024> scratch_{};
  std::size_t drained_ = 0;
};

}  // namespace

void Listener::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (!ec) {
      if (connections.size() >= kMaxConnections) {
        log::warn("training listener: too many connections; closing a new one");
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        const std::uint64_t id = nextId++;
        auto c = std::make_shared<Connection>(*this, std::move(socket), id);
        connections[id] = c;
        c->start();
      }
    }
    accept();
  });
}

Expected<std::unique_ptr<Listener>> Listener::start(ListenerOptions options, training::TrainingService& service) {
  if (options.token.empty()) return makeError(ErrorCode::InvalidArgument, "the training listener needs a token");
  std::string host = options.host == "localhost" ? "127.0.0.1" : options.host;
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(host, ec);
  if (ec) {
    return makeError(ErrorCode::InvalidArgument,
                     "'" + options.host + "' is not an IP address: the training listener binds 127.0.0.1 or ::1");
  }
  if (!address.is_loopback()) {
    return makeError(ErrorCode::InvalidArgument,
                     "refusing to listen on " + options.host +
                         ": the training listener accepts loopback addresses only (127.0.0.1, ::1), because its "
                         "clients are training processes on this machine");
  }
  auto impl = std::make_unique<Impl>(std::move(options), service);
  const tcp::endpoint ep(address, impl->options.port);
  const std::string where = (address.is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(impl->options.port);
  impl->acceptor.open(ep.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return makeError(ErrorCode::IoError, "cannot listen on " + where + ": " + ec.message());
  impl->port = impl->acceptor.local_endpoint().port();
  impl->endpoint = "http://" + (address.is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(impl->port);
  impl->gate->io = &impl->io;
  impl->accept();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] {
    for (;;) {
      try {
        raw->io.run();
        return;
      } catch (const std::exception& e) {  // a bug in a handler: log it and keep serving
        log::error(std::string("training listener: ") + e.what());
      }
    }
  });
  return std::unique_ptr<Listener>(new Listener(std::move(impl)));
}

Expected<std::unique_ptr<Listener>> startListener(ListenerOptions options,
                                                  std::optional<unsigned short> port,
                                                  const DiscoveryPaths& paths,
                                                  training::TrainingService& service) {
  if (!port) {
    if (auto previous = previousPort(paths)) {
      options.port = *previous;
      if (auto r = Listener::start(options, service)) return r;
    }
  }
  options.port = port.value_or(0);
  return Listener::start(std::move(options), service);
}

Listener::Listener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Listener::~Listener() { stop(); }

unsigned short Listener::port() const { return impl_->port; }
std::string Listener::endpoint() const { return impl_->endpoint; }

void Listener::stop() {
  if (impl_->stopped.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(impl_->gate->mutex);
    impl_->gate->open = false;
  }
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  beast::error_code ec;
  impl_->acceptor.close(ec);
  impl_->connections.clear();
}

}  // namespace mlide::listener
