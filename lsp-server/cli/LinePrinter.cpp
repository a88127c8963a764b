#include "lsp-server/cli/LinePrinter.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>

namespace mlide::cli {
namespace {

long long nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

LinePrinter::LinePrinter(int fd, std::size_t maxQueued) : fd_(fd), maxQueued_(maxQueued) {
  thread_ = std::thread([this] { run(); });
}

LinePrinter::~LinePrinter() {
  stop(0);
}

void LinePrinter::print(std::string line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return;
  if (queue_.size() >= maxQueued_) {
    ++droppedSinceLast_;
    ++droppedTotal_;
    return;
  }
  queue_.push_back(std::move(line));
  wake_.notify_one();
}

void LinePrinter::release(std::string first) {
  std::lock_guard<std::mutex> lock(mutex_);
  queue_.push_front(std::move(first));
  released_ = true;
  wake_.notify_one();
}

void LinePrinter::stop(int drainMs) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      stopDeadlineMs_ = nowMs() + drainMs;
    }
    released_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

std::size_t LinePrinter::dropped() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return droppedTotal_;
}

bool LinePrinter::writeAll(const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    // Wait for room in short slices, so that stop() is noticed even when nobody reads.
    pollfd p{fd_, POLLOUT, 0};
    const int ready = ::poll(&p, 1, 100);
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_ && nowMs() >= stopDeadlineMs_) return false;
      continue;
    }
    if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) return false;  // the reader is gone
    // Room was reported: a write of at most PIPE_BUF bytes goes through without blocking.
    const std::size_t chunk = std::min<std::size_t>(s.size() - done, PIPE_BUF);
    const ssize_t n = ::write(fd_, s.data() + done, chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void LinePrinter::run() {
  for (;;) {
    std::string line;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] {
        return stopping_ || (released_ && (!queue_.empty() || droppedSinceLast_ > 0));
      });
      if (!queue_.empty() && released_) {
        line = std::move(queue_.front());
        queue_.pop_front();
      } else if (droppedSinceLast_ > 0 && released_) {
        // After the lines queued before the drops, so the output stays in order.
        line = "mlide listen: " + std::to_string(droppedSinceLast_) +
               " session lines dropped: the output was not read fast enough\n";
        droppedSinceLast_ = 0;
      } else {
        return;  // stopping with nothing left
      }
    }
    if (!writeAll(line)) return;
  }
}

}  // namespace mlide::cli
