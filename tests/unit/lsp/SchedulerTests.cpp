// The per-document scheduler: debounce, newest version wins, stale work cancelled or dropped.
#include <utility>  // before Asio (Boost 1.74 + GCC 12 + C++20)

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "lsp-server/server/Scheduler.hpp"

namespace mlide::server {
namespace {

using namespace std::chrono_literals;

// An io thread, as the server has one: schedule() and cancel() must run on it.
class IoThread {
 public:
  IoThread() : guard_(io_.get_executor()), thread_([this] { io_.run(); }) {}
  ~IoThread() {
    guard_.reset();
    io_.stop();
    thread_.join();
  }
  boost::asio::io_context& io() { return io_; }
  /// Runs `fn` on the io thread and waits for it. Also flushes what was queued before it, such as
  /// the handlers of superseded timers, which must run while the scheduler still exists.
  template <typename Fn>
  void run(Fn fn) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
};

// What ran: (key, version, token cancelled when the task finished).
struct Runs {
  std::mutex mutex;
  std::vector<std::tuple<std::string, int, bool>> runs;
  Scheduler::Task task(std::string key, int version) {
    return [this, key, version](const CancellationToken& token) {
      std::lock_guard<std::mutex> lock(mutex);
      runs.emplace_back(key, version, token.cancelled());
    };
  }
  std::vector<std::tuple<std::string, int, bool>> snapshot() {
    std::lock_guard<std::mutex> lock(mutex);
    return runs;
  }
};

TEST(Scheduler, SynchronousModeRunsInlineWithALiveToken) {
  Scheduler s({true, 120ms, 0}, nullptr);
  Runs r;
  s.schedule("a", r.task("a", 1));
  ASSERT_EQ(r.snapshot().size(), 1u);  // before schedule() returned
  s.schedule("a", r.task("a", 2));
  EXPECT_EQ(r.snapshot(),
            (std::vector<std::tuple<std::string, int, bool>>{{"a", 1, false}, {"a", 2, false}}));
}

TEST(Scheduler, RapidSchedulesGiveOneRunAtTheNewestVersion) {
  IoThread io;
  Scheduler s({false, 30ms, 2}, &io.io());
  Runs r;
  // All within one io handler: the debounce timer cannot fire between them.
  io.run([&] {
    for (int v = 1; v <= 5; ++v) s.schedule("a.py", r.task("a.py", v));
    s.schedule("b.py", r.task("b.py", 1));
  });
  s.blockUntilIdle();
  io.run([] {});
  auto runs = r.snapshot();
  std::sort(runs.begin(), runs.end());
  EXPECT_EQ(runs, (std::vector<std::tuple<std::string, int, bool>>{{"a.py", 5, false},
                                                                   {"b.py", 1, false}}));
}

TEST(Scheduler, RunningStaleWorkIsCancelledAndTheNewVersionRuns) {
  IoThread io;
  Scheduler s({false, 0ms, 2}, &io.io());
  std::promise<void> started;
  std::promise<bool> firstSawCancel;
  std::promise<int> second;
  io.run([&] {
    s.schedule("a.py", [&](const CancellationToken& token) {
      started.set_value();
      const auto deadline = std::chrono::steady_clock::now() + 10s;
      while (!token.cancelled() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
      firstSawCancel.set_value(token.cancelled());
    });
  });
  ASSERT_EQ(started.get_future().wait_for(10s), std::future_status::ready);
  io.run([&] {
    s.schedule("a.py", [&](const CancellationToken& token) {
      second.set_value(token.cancelled() ? -1 : 2);
    });
  });
  auto cancelled = firstSawCancel.get_future();
  ASSERT_EQ(cancelled.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(cancelled.get()) << "the running task was not told it is stale";
  auto next = second.get_future();
  ASSERT_EQ(next.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(next.get(), 2);
  s.blockUntilIdle();
  io.run([] {});
}

TEST(Scheduler, CancelDropsPendingWork) {
  IoThread io;
  Scheduler s({false, 20ms, 1}, &io.io());
  Runs r;
  io.run([&] {
    s.schedule("a.py", r.task("a.py", 1));
    s.schedule("b.py", r.task("b.py", 1));
    s.cancel("a.py");
  });
  s.blockUntilIdle();
  io.run([] {});
  EXPECT_EQ(r.snapshot(), (std::vector<std::tuple<std::string, int, bool>>{{"b.py", 1, false}}));
}

TEST(Scheduler, StopDropsPendingWorkAndIgnoresLaterSchedules) {
  IoThread io;
  Scheduler s({false, 20ms, 1}, &io.io());
  Runs r;
  io.run([&] {
    s.schedule("a.py", r.task("a.py", 1));
    s.stop();
    s.schedule("a.py", r.task("a.py", 2));
  });
  s.blockUntilIdle();
  io.run([] {});
  std::this_thread::sleep_for(60ms);  // past the debounce: a surviving timer would have fired
  EXPECT_TRUE(r.snapshot().empty());
}

}  // namespace
}  // namespace mlide::server
