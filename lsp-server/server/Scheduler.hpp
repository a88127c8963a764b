// Per-document scheduling of analysis: debounce, cancel stale work, run on worker threads.
//
// schedule(key, task) replaces whatever is pending for `key`: a pending task is dropped, a
// running one has its token cancelled (it should notice and stop). After `debounce` the new
// task runs on the pool with a fresh token. In synchronous mode (transcripts, tests) the task
// runs inline before schedule() returns, so output order is deterministic.
//
// Thread-safety: schedule/cancel are called from the io thread (they touch Asio timers);
// tasks run on pool threads.
#pragma once

#include <utility>  // before Asio (Boost 1.74 + GCC 12 + C++20)

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/support/Cancellation.hpp"
#include "core/support/Function.hpp"
#include "core/support/ThreadPool.hpp"

namespace mlide::server {

class Scheduler {
 public:
  using Task = UniqueFunction<void(const CancellationToken&)>;

  struct Options {
    bool synchronous = false;
    std::chrono::milliseconds debounce{120};
    unsigned workers = 0;  // 0: hardware concurrency
  };

  /// `io` may be null only in synchronous mode.
  Scheduler(Options options, boost::asio::io_context* io);
  ~Scheduler();

  void schedule(const std::string& key, Task task);
  /// Drops pending work for `key` and cancels running work.
  void cancel(const std::string& key);
  /// Cancels everything; later schedule() calls are ignored.
  void stop();
  /// Waits until no task runs or waits for its timer (tests, benchmarks).
  void blockUntilIdle();
  void setDebounce(std::chrono::milliseconds d) { options_.debounce = d; }

 private:
  struct Entry {
    std::unique_ptr<boost::asio::steady_timer> timer;
    CancellationSource source;
    std::uint64_t generation = 0;
  };

  Options options_;
  boost::asio::io_context* io_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // guarded by mutex_
  std::size_t waiting_ = 0;               // timers armed, guarded by mutex_
  bool stopped_ = false;                  // guarded by mutex_
  std::unique_ptr<ThreadPool> pool_;
};

}  // namespace mlide::server
