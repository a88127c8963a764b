// A fixed-size pool of worker threads running UniqueFunction<void()> tasks in FIFO order.
// Thread-safe. Tasks must not throw (an escaping exception is caught and logged).
// The destructor stops accepting work, finishes queued tasks, and joins.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "core/support/Function.hpp"

namespace mlide {

class ThreadPool {
 public:
  /// `threads` == 0 means std::thread::hardware_concurrency() (at least 1).
  explicit ThreadPool(unsigned threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  /// Queues `task`. After shutdown() began, the task is dropped and false is returned.
  bool post(UniqueFunction<void()> task);
  /// Blocks until the queue is empty and no task runs.
  void wait();
  unsigned size() const { return static_cast<unsigned>(workers_.size()); }

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<UniqueFunction<void()>> queue_;  // guarded by mutex_
  unsigned busy_ = 0;                         // guarded by mutex_
  bool stopping_ = false;                     // guarded by mutex_
  std::vector<std::thread> workers_;
};

}  // namespace mlide
