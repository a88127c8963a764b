// The editor connection: LSP frames over stdin/stdout, on Boost.Asio.
//
// Reading runs on the io_context thread (asynchronous reads of fd 0); each decoded frame body
// goes to the handler on that thread. Writing (send) may happen from any thread: frames are
// written whole under a mutex, so messages never interleave. When stdin is a regular file or
// /dev/null (epoll cannot watch those), reads fall back to blocking reads on a helper thread.
#pragma once

#include <utility>  // before Asio: Boost 1.74 + GCC 12 + C++20 needs it (platform notes)

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "lsp-server/transport/Framing.hpp"
#include "lsp-server/transport/JsonRpc.hpp"

namespace mlide::lsp {

class StdioTransport final : public MessageSink {
 public:
  /// Uses `in`/`out` file descriptors (0 and 1 for stdio; pipes in tests). Does not own them.
  StdioTransport(boost::asio::io_context& io, int in, int out);
  ~StdioTransport() override;

  /// Starts reading. `onFrame` gets each body, `onError` each framing problem, `onEof` once
  /// when the input closes. All three run on the io_context thread.
  void start(std::function<void(std::string&&)> onFrame, std::function<void(const std::string&)> onError,
             std::function<void()> onEof);

  void send(const json& message) override;
  /// True once a write failed (the client is gone).
  bool broken() const { return broken_.load(); }

 private:
  void readSome();
  void drain();
  void blockingReadLoop();

  boost::asio::io_context& io_;
  int inFd_;
  int outFd_;
  std::unique_ptr<boost::asio::posix::stream_descriptor> in_;
  std::thread blockingReader_;
  FrameDecoder decoder_;
  char buf_[1 << 16];
  std::function<void(std::string&&)> onFrame_;
  std::function<void(const std::string&)> onError_;
  std::function<void()> onEof_;
  std::mutex writeMutex_;
  std::atomic<bool> broken_{false};
  std::atomic<bool> stopping_{false};
};

}  // namespace mlide::lsp
