#include "lsp-server/transport/StdioTransport.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <boost/asio/post.hpp>

#include "core/support/Logging.hpp"

namespace mlide::lsp {

StdioTransport::StdioTransport(boost::asio::io_context& io, int in, int out)
    : io_(io), inFd_(in), outFd_(out) {}

StdioTransport::~StdioTransport() {
  stopping_ = true;
  if (in_) {
    boost::system::error_code ec;
    in_->cancel(ec);
    in_->release();  // we do not own fd 0
  }
  if (blockingReader_.joinable()) blockingReader_.detach();  // blocked in read(); exits with us
}

void StdioTransport::start(std::function<void(std::string&&)> onFrame,
                           std::function<void(const std::string&)> onError, std::function<void()> onEof) {
  onFrame_ = std::move(onFrame);
  onError_ = std::move(onError);
  onEof_ = std::move(onEof);
  in_ = std::make_unique<boost::asio::posix::stream_descriptor>(io_);
  boost::system::error_code ec;
  in_->assign(inFd_, ec);
  if (!ec) {
    // epoll refuses regular files; detect that on the first read instead of here, since
    // assign() itself succeeds for them on some kernels.
    readSome();
    return;
  }
  log::info(std::string("stdin cannot be watched by epoll (") + ec.message() + "); using a reader thread");
  in_.reset();
  blockingReader_ = std::thread([this] { blockingReadLoop(); });
}

void StdioTransport::readSome() {
  in_->async_read_some(boost::asio::buffer(buf_), [this](const boost::system::error_code& ec, std::size_t n) {
    if (ec == boost::asio::error::operation_aborted || stopping_) return;
    if (ec.value() == EPERM) {
      // Regular file or /dev/null on stdin: epoll cannot watch it.
      in_->release();
      in_.reset();
      blockingReader_ = std::thread([this] { blockingReadLoop(); });
      return;
    }
    if (ec) {
      if (ec != boost::asio::error::eof) log::info("stdin closed: " + ec.message());
      if (decoder_.pending() > 0) {
        onError_("input ended inside a message (" + std::to_string(decoder_.pending()) + " bytes unread)");
      }
      onEof_();
      return;
    }
    decoder_.feed(std::string_view(buf_, n));
    drain();
    readSome();
  });
}

void StdioTransport::drain() {
  while (auto item = decoder_.next()) {
    if (auto* f = std::get_if<Frame>(&*item)) {
      onFrame_(std::move(f->body));
    } else {
      onError_(std::get<FrameError>(*item).message);
    }
  }
}

void StdioTransport::blockingReadLoop() {
  for (;;) {
    char chunk[1 << 16];
    const ssize_t n = ::read(inFd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (stopping_) return;
    if (n <= 0) {
      boost::asio::post(io_, [this] {
        if (decoder_.pending() > 0) {
          onError_("input ended inside a message (" + std::to_string(decoder_.pending()) + " bytes unread)");
        }
        onEof_();
      });
      return;
    }
    std::string data(chunk, static_cast<std::size_t>(n));
    boost::asio::post(io_, [this, data = std::move(data)] {
      decoder_.feed(data);
      drain();
    });
  }
}

void StdioTransport::send(const json& message) {
  if (broken_) return;
  std::string frame;
  try {
    frame = encodeFrame(message.dump(-1, ' ', false, json::error_handler_t::replace));
  } catch (const std::exception& e) {
    log::error(std::string("cannot serialise outgoing message: ") + e.what());
    return;
  }
  std::lock_guard<std::mutex> lock(writeMutex_);
  std::size_t off = 0;
  while (off < frame.size()) {
    const ssize_t n = ::write(outFd_, frame.data() + off, frame.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // stdout shares a non-blocking file description with stdin (a socket, a tty): wait.
      pollfd p{outFd_, POLLOUT, 0};
      ::poll(&p, 1, 1000);
      continue;
    }
    if (n <= 0) {
      if (!broken_.exchange(true)) log::warn(std::string("client connection lost: ") + std::strerror(errno));
      return;
    }
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace mlide::lsp
