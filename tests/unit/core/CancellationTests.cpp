#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/support/Cancellation.hpp"

namespace mlide {
namespace {

TEST(Cancellation, DefaultTokenIsNeverCancelled) {
  CancellationToken none;
  EXPECT_FALSE(none.cancelled());
}

TEST(Cancellation, TokensObserveTheirSourceOnly) {
  CancellationSource a;
  CancellationSource b;
  CancellationToken ta = a.token();
  CancellationToken ta2 = ta;  // copies share the flag
  CancellationToken tb = b.token();
  EXPECT_FALSE(ta.cancelled());
  a.cancel();
  EXPECT_TRUE(a.cancelled());
  EXPECT_TRUE(ta.cancelled());
  EXPECT_TRUE(ta2.cancelled());
  EXPECT_FALSE(tb.cancelled());
  a.cancel();  // idempotent
  EXPECT_TRUE(ta.cancelled());
}

TEST(Cancellation, ReplacingASourceLeavesOldTokensCancelledAndNewOnesLive) {
  // The scheduler's pattern: cancel the stale work, then hand out a fresh source.
  CancellationSource s;
  CancellationToken stale = s.token();
  s.cancel();
  s = CancellationSource();
  EXPECT_TRUE(stale.cancelled());
  EXPECT_FALSE(s.token().cancelled());
}

TEST(Cancellation, ATokenOutlivesItsSource) {
  CancellationToken t;
  {
    CancellationSource s;
    t = s.token();
    s.cancel();
  }
  EXPECT_TRUE(t.cancelled());
}

TEST(Cancellation, CancelFromAnotherThreadStopsAPollingLoop) {
  CancellationSource s;
  std::atomic<bool> started{false};
  std::thread worker([&, token = s.token()] {
    started = true;
    while (!token.cancelled()) std::this_thread::yield();
  });
  while (!started) std::this_thread::yield();
  s.cancel();
  worker.join();  // hangs (and the test times out) if the flag is not seen
  SUCCEED();
}

}  // namespace
}  // namespace mlide
