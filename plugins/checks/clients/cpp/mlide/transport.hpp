// How the C++ training client reaches the daemon: finding the listener (the environment the
// editor sets, else the nearest .mlide/listener.json), reading the token, and one keep-alive
// HTTP/1.1 connection over POSIX sockets.
//
// Part of the header-only C++ training client (see training_client.hpp). Standard library and
// POSIX only. Thread-safety: the free functions are thread-safe (they read the environment and
// files); a Connection is used by one thread at a time (the client's sender thread).
#pragma once

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json.hpp"

namespace mlide::client {

inline constexpr const char* kEndpointEnv = "MLIDE_TRAINING_ENDPOINT";
inline constexpr const char* kTokenFileEnv = "MLIDE_TRAINING_TOKEN_FILE";
inline constexpr const char* kDiscoveryFile = ".mlide/listener.json";

/// Where the listener is, and where that was learnt ("options", "environment", or the path of
/// the discovery file).
struct ListenerAddress {
  std::string endpoint;    // "http://127.0.0.1:PORT" or "http://[::1]:PORT"
  std::string token_file;  // the file holding the workspace token
  std::string source;
};

namespace detail {

inline std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

inline std::optional<std::string> read_file(const std::string& path, std::size_t limit = 1 << 20) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text(limit, '\0');
  in.read(text.data(), static_cast<std::streamsize>(limit));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

inline std::string absolute(const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  char buf[4096];
  if (!::getcwd(buf, sizeof buf)) return path;
  std::string dir = buf;
  std::string p = path;
  while (p.rfind("./", 0) == 0) p.erase(0, 2);
  return dir == "/" ? "/" + p : dir + "/" + p;
}

inline std::string parent(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return {};
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace detail

/// The listener to use: an explicit `endpoint` and `token_file` when both are given; else the
/// environment (MLIDE_TRAINING_ENDPOINT + MLIDE_TRAINING_TOKEN_FILE, set by the VS Code
/// extension in its terminals); else the nearest `.mlide/listener.json` (written by the daemon
/// and by `mlide listen`) in `start_dirs` or the working directory, or any folder above them.
/// An explicit value overrides the one found. nullopt when nothing names a listener.
inline std::optional<ListenerAddress> find_listener(const std::vector<std::string>& start_dirs,
                                                    const std::string& endpoint = {},
                                                    const std::string& token_file = {}) {
  auto with = [&](ListenerAddress a) -> std::optional<ListenerAddress> {
    if (!endpoint.empty()) a.endpoint = endpoint;
    if (!token_file.empty()) a.token_file = token_file;
    if (a.endpoint.empty() || a.token_file.empty()) return std::nullopt;
    return a;
  };
  if (!endpoint.empty() && !token_file.empty()) return ListenerAddress{endpoint, token_file, "options"};
  if (auto a = with({detail::env(kEndpointEnv), detail::env(kTokenFileEnv), "environment"})) return a;
  std::vector<std::string> starts = start_dirs;
  starts.push_back(".");
  std::vector<std::string> seen;
  for (const std::string& start : starts) {
    for (std::string d = detail::absolute(start); !d.empty(); d = detail::parent(d)) {
      bool visited = false;
      for (const auto& s : seen) visited = visited || s == d;
      if (visited) break;
      seen.push_back(d);
      const std::string path = (d == "/" ? "" : d) + "/" + kDiscoveryFile;
      if (auto text = detail::read_file(path)) {
        if (auto j = wire::FlatJson::parse(*text)) {
          if (auto a = with({j->string("endpoint").value_or(""), j->string("tokenFile").value_or(""), path})) {
            return a;
          }
        }
      }
      if (d == "/") break;
    }
  }
  return std::nullopt;
}

/// The token in `path` (its first line, without surrounding whitespace); nullopt with `error`
/// set when the file cannot be read or is empty.
inline std::optional<std::string> read_token(const std::string& path, std::string& error) {
  auto text = detail::read_file(path, 4096);
  if (!text) {
    error = "cannot read the token file " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::string t = text->substr(0, text->find('\n'));
  const auto first = t.find_first_not_of(" \t\r");
  const auto last = t.find_last_not_of(" \t\r");
  if (first == std::string::npos) {
    error = "the token file " + path + " is empty";
    return std::nullopt;
  }
  return t.substr(first, last - first + 1);
}

/// "http://HOST:PORT[/]" split into what getaddrinfo and the Host header need.
struct Endpoint {
  std::string host;  // without IPv6 brackets
  std::string port;
  std::string authority;  // HOST:PORT as written (brackets kept), for the Host header
};

inline std::optional<Endpoint> parse_endpoint(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) == kScheme) url.remove_prefix(kScheme.size());
  else if (url.find("://") != std::string_view::npos) return std::nullopt;  // https, ws, ...: not served
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  if (url.empty() || url.find('/') != std::string_view::npos) return std::nullopt;
  Endpoint e;
  e.authority = std::string(url);
  std::string_view port;
  if (url.front() == '[') {
    const auto close = url.find(']');
    if (close == std::string_view::npos || close + 1 >= url.size() || url[close + 1] != ':') return std::nullopt;
    e.host = std::string(url.substr(1, close - 1));
    port = url.substr(close + 2);
  } else {
    const auto colon = url.rfind(':');
    if (colon == std::string_view::npos || url.find(':') != colon) return std::nullopt;
    e.host = std::string(url.substr(0, colon));
    port = url.substr(colon + 1);
  }
  if (e.host.empty() || port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  const long p = std::strtol(std::string(port).c_str(), nullptr, 10);
  if (p <= 0 || p > 65535) return std::nullopt;
  e.port = std::string(port);
  return e;
}

/// One reply: the HTTP status and the body.
struct HttpResponse {
  int status = 0;
  std::string body;
};

/// The outcome of a request: a response, or `error` saying why none came.
struct HttpResult {
  std::optional<HttpResponse> response;
  std::string error;
  bool cancelled = false;
};

/// One HTTP/1.1 keep-alive connection to the listener, with the token on every request. Every
/// wait (connect, send, receive) also watches `cancel_fd` (the read end of a pipe, or -1): once
/// it is readable the request gives up at once, so the client's destructor never waits on a
/// hung daemon.
///
/// Thread-safety: one thread at a time. Owns its socket; the cancel fd stays the caller's.
class HttpConnection {
 public:
  HttpConnection(Endpoint endpoint, std::string token, int cancel_fd = -1)
      : ep_(std::move(endpoint)), token_(std::move(token)), cancel_fd_(cancel_fd) {}
  ~HttpConnection() { close(); }
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  /// Sends one request and reads the reply, within `timeout` overall. A kept-alive connection
  /// the server had closed in the meantime is retried once on a fresh one (what the client
  /// sends is idempotent: sessions by client id, events by sequence number).
  HttpResult request(std::string_view method, std::string_view path, std::string_view body,
                     std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string req;
    req.reserve(body.size() + 256);
    req.append(method).append(" ").append(path).append(" HTTP/1.1\r\nHost: ").append(ep_.authority);
    req.append("\r\nAuthorization: Bearer ").append(token_);
    req.append("\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ");
    req.append(std::to_string(body.size())).append("\r\n\r\n").append(body);
    for (int attempt = 0;; ++attempt) {
      const bool reused = fd_ >= 0;
      HttpResult r;
      if (fd_ < 0 && !connect(deadline, r)) return r;
      bool got_any = false;
      if (send_all(req, deadline, r) && read_response(deadline, r, got_any)) return r;
      close();
      if (r.cancelled || !reused || got_any || attempt > 0) return r;
    }
  }

 private:
  enum class Wait { Ready, Timeout, Cancelled, Error };

  Wait wait(short events, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return Wait::Timeout;
      pollfd fds[2] = {{fd_, events, 0}, {cancel_fd_, POLLIN, 0}};
      const int n = ::poll(fds, cancel_fd_ >= 0 ? 2 : 1, static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Wait::Error;
      if (n == 0) continue;  // re-check the deadline
      if (cancel_fd_ >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) return Wait::Cancelled;
      return Wait::Ready;
    }
  }

  bool fail(HttpResult& r, Wait w, const std::string& what) {
    if (w == Wait::Cancelled) {
      r.cancelled = true;
      r.error = "cancelled";
    } else if (w == Wait::Timeout) {
      r.error = what + ": timed out";
    } else {
      r.error = what + ": " + std::strerror(errno);
    }
    return false;
  }

  bool connect(std::chrono::steady_clock::time_point deadline, HttpResult& r) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    if (const int rc = ::getaddrinfo(ep_.host.c_str(), ep_.port.c_str(), &hints, &list); rc != 0) {
      r.error = "cannot resolve " + ep_.host + ": " + ::gai_strerror(rc);
      return false;
    }
    std::string last = "no address for " + ep_.authority;
    for (addrinfo* a = list; a; a = a->ai_next) {
#ifdef SOCK_CLOEXEC  // atomic: no fork() in another thread can inherit the socket
      fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
      if (fd_ < 0) continue;
#else
      fd_ = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
      if (fd_ < 0) continue;
      ::fcntl(fd_, F_SETFD, FD_CLOEXEC);
      ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
#endif
      int one = 1;
      ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#ifdef SO_NOSIGPIPE
      ::setsockopt(fd_, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);  // macOS: no MSG_NOSIGNAL
#endif
      if (::connect(fd_, a->ai_addr, a->ai_addrlen) == 0) break;
      if (errno == EINPROGRESS) {
        const Wait w = wait(POLLOUT, deadline);
        int err = 0;
        socklen_t len = sizeof err;
        if (w == Wait::Ready && ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) break;
        if (w == Wait::Cancelled || w == Wait::Timeout) {
          ::freeaddrinfo(list);
          close();
          return fail(r, w, "connect to " + ep_.authority);
        }
        if (err) errno = err;
      }
      last = "connect to " + ep_.authority + ": " + std::strerror(errno);
      close();
    }
    ::freeaddrinfo(list);
    if (fd_ < 0) r.error = last;
    return fd_ >= 0;
  }

  bool send_all(std::string_view data, std::chrono::steady_clock::time_point deadline, HttpResult& r) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), kSendFlags);
      if (n > 0) {
        data.remove_prefix(static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (const Wait w = wait(POLLOUT, deadline); w != Wait::Ready) return fail(r, w, "send");
        continue;
      }
      return fail(r, Wait::Error, "send");
    }
    return true;
  }

  // Reads more bytes into buf_; false at end of stream or on failure (`eof` tells which).
  bool fill(std::chrono::steady_clock::time_point deadline, HttpResult& r, bool& eof) {
    eof = false;
    char chunk[16384];
    for (;;) {
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n > 0) {
        buf_.append(chunk, static_cast<std::size_t>(n));
        if (buf_.size() > kMaxResponse) {
          r.error = "reply larger than " + std::to_string(kMaxResponse) + " bytes";
          return false;
        }
        return true;
      }
      if (n == 0) {
        eof = true;
        r.error = "connection closed by the listener";
        return false;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        if (const Wait w = wait(POLLIN, deadline); w != Wait::Ready) return fail(r, w, "receive");
        continue;
      }
      return fail(r, Wait::Error, "receive");
    }
  }

  static std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
  }

  bool read_response(std::chrono::steady_clock::time_point deadline, HttpResult& r, bool& got_any) {
    buf_.clear();
    bool eof = false;
    std::size_t head_end;
    while ((head_end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (buf_.size() > 64 * 1024) {
        r.error = "malformed reply: header too long";
        return false;
      }
      if (!fill(deadline, r, eof)) return false;
      got_any = true;
    }
    const std::string_view head(buf_.data(), head_end);
    // Status line: HTTP/1.x NNN reason
    if (head.substr(0, 7) != "HTTP/1." || head.size() < 12 || head[8] != ' ') {
      r.error = "malformed reply: not HTTP/1.x";
      return false;
    }
    HttpResponse resp;
    resp.status = std::atoi(std::string(head.substr(9, 3)).c_str());
    std::optional<std::size_t> length;
    bool chunked = false, close_after = head.substr(0, 8) == "HTTP/1.0";
    for (std::size_t pos = head.find("\r\n"); pos != std::string_view::npos;) {
      const std::size_t start = pos + 2;
      const std::size_t next = head.find("\r\n", start);
      const std::string_view line = head.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
      pos = next;
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string name = lower(line.substr(0, colon));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      if (name == "content-length") length = static_cast<std::size_t>(std::strtoull(std::string(value).c_str(), nullptr, 10));
      else if (name == "transfer-encoding") chunked = lower(value).find("chunked") != std::string::npos;
      else if (name == "connection") close_after = lower(value).find("close") != std::string::npos;
    }
    buf_.erase(0, head_end + 4);  // what follows the head: the body, or its start
    if (chunked) {
      // size CRLF data CRLF ... 0 CRLF [trailers] CRLF
      std::size_t at = 0;
      for (;;) {
        std::size_t eol;
        while ((eol = buf_.find("\r\n", at)) == std::string::npos) {
          if (!fill(deadline, r, eof)) return false;
        }
        const std::size_t size = std::strtoull(buf_.substr(at, eol - at).c_str(), nullptr, 16);
        at = eol + 2;
        if (size == 0) {
          while (buf_.find("\r\n", at) == std::string::npos) {
            if (!fill(deadline, r, eof)) return false;
          }
          break;
        }
        while (buf_.size() < at + size + 2) {
          if (!fill(deadline, r, eof)) return false;
        }
        resp.body.append(buf_, at, size);
        at += size + 2;
      }
    } else if (length) {
      while (buf_.size() < *length) {
        if (!fill(deadline, r, eof)) return false;
      }
      resp.body = buf_.substr(0, *length);
    } else {  // no length: the body runs to the end of the stream
      while (fill(deadline, r, eof)) {
      }
      if (!eof) return false;
      resp.body = std::move(buf_);
      close_after = true;
    }
    buf_.clear();
    if (close_after) close();
    r.error.clear();
    r.response = std::move(resp);
    return true;
  }

  static constexpr std::size_t kMaxResponse = 64u << 20;
#ifdef MSG_NOSIGNAL
  static constexpr int kSendFlags = MSG_NOSIGNAL;  // a closed peer is an error, not SIGPIPE
#else
  static constexpr int kSendFlags = 0;
#endif

  Endpoint ep_;
  std::string token_;
  int cancel_fd_;
  int fd_ = -1;
  std::string buf_;
};

}  // namespace mlide::client
