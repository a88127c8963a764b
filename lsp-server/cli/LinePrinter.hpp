// Prints lines to a file descriptor from its own thread, so that whoever produces them (the
// training service's writer thread, which acknowledges client events) never waits on a terminal
// or a pipe nobody reads. The queue is bounded: when it is full, lines are dropped and counted,
// and the count is printed once the output moves again.
//
// Thread-safety: print() from any thread; release(), stop() from one.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace mlide::cli {

class LinePrinter {
 public:
  /// Lines wait, queued, until release(): the caller prints its banner first.
  explicit LinePrinter(int fd, std::size_t maxQueued = 1000);
  ~LinePrinter();
  LinePrinter(const LinePrinter&) = delete;
  LinePrinter& operator=(const LinePrinter&) = delete;

  /// Queues `line` (ending in '\n'); drops and counts it when the queue is full.
  void print(std::string line);
  /// Puts `first` ahead of everything queued and starts writing.
  void release(std::string first);
  /// Writes what is queued while the output accepts it, for at most `drainMs`; then stops the
  /// thread. Never blocks on a full pipe for longer than that.
  void stop(int drainMs = 1000);

  std::size_t dropped() const;

 private:
  void run();
  bool writeAll(const std::string& s);  // false when stopping and the output stayed full

  const int fd_;
  const std::size_t maxQueued_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;     // guarded by mutex_
  std::size_t droppedSinceLast_ = 0;  // guarded by mutex_
  std::size_t droppedTotal_ = 0;      // guarded by mutex_
  bool released_ = false;             // guarded by mutex_
  bool stopping_ = false;             // guarded by mutex_
  long long stopDeadlineMs_ = 0;      // guarded by mutex_; steady clock
  std::thread thread_;
};

}  // namespace mlide::cli
