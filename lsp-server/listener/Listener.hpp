// The training-session endpoint: HTTP/1.1 + JSON on loopback (Boost.Beast), for the clients
// in plugins/checks/clients/. Every request carries the workspace token
// ("Authorization: Bearer <token>"); bodies are size-limited; each refusal is an HTTP status
// with {"error": {"code", "message"}} and never affects the daemon.
//
//   GET  /v1/health                   {ok, protocol, version}
//   POST /v1/sessions                 SessionStart (TrainingJson.hpp) -> session summary
//   POST /v1/sessions/{id}/events     {events: [...]} -> {session, ackedSeq, accepted, duplicates}
//                                     (replied only after the events are committed)
//   GET  /v1/sessions                 {sessions: [summary...]}
//   GET  /v1/sessions/{id}            the full session
//
// Thread-safety: start/stop/port from any thread. Requests are served on the listener's own
// io thread; stop() before stopping the TrainingService it was given, which must outlive it.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "core/support/Expected.hpp"
#include "lsp-server/listener/Discovery.hpp"
#include "plugins/checks/sessions/TrainingService.hpp"

namespace mlide::listener {

struct ListenerOptions {
  std::string host = "127.0.0.1";  // must be a loopback address (127.0.0.0/8, ::1, localhost)
  unsigned short port = 0;         // 0: any free port
  std::string token;               // required, compared in constant time
  std::size_t maxBodyBytes = 8u << 20;
  std::chrono::seconds idleTimeout{60};
};

class Listener {
 public:
  /// Binds and starts serving. Fails with a clear message for a non-loopback host, an empty
  /// token or a port in use.
  static Expected<std::unique_ptr<Listener>> start(ListenerOptions options, training::TrainingService& service);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  unsigned short port() const;
  /// "http://127.0.0.1:PORT" (brackets for IPv6).
  std::string endpoint() const;
  /// Closes the socket and every connection and joins the io thread; idempotent.
  void stop();

  struct Impl;

 private:
  explicit Listener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Listener::start on `port`; without one, on the port of the previous listener named in the
/// discovery file at `paths` (so that terminals started with its endpoint keep working) when
/// that port is free, else on any free port. `options.port` is ignored.
Expected<std::unique_ptr<Listener>> startListener(ListenerOptions options,
                                                  std::optional<unsigned short> port,
                                                  const DiscoveryPaths& paths,
                                                  training::TrainingService& service);

}  // namespace mlide::listener
