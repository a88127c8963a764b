#include "lsp-server/server/Scheduler.hpp"

#include <thread>

namespace mlide::server {

Scheduler::Scheduler(Options options, boost::asio::io_context* io) : options_(options), io_(io) {
  if (!options_.synchronous) pool_ = std::make_unique<ThreadPool>(options_.workers);
}

Scheduler::~Scheduler() {
  stop();
  pool_.reset();  // joins workers after their current task
}

void Scheduler::schedule(const std::string& key, Task task) {
  CancellationToken token;
  std::uint64_t generation = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    Entry& e = entries_[key];
    e.source.cancel();  // a running task for this key is now stale
    e.source = CancellationSource();
    token = e.source.token();
    generation = ++e.generation;
    if (!options_.synchronous) {
      if (!e.timer) e.timer = std::make_unique<boost::asio::steady_timer>(*io_);
      if (e.timer->expires_after(options_.debounce) == 0) ++waiting_;  // no wait was pending
    }
  }
  if (options_.synchronous) {
    task(token);
    return;
  }
  auto shared = std::make_shared<Task>(std::move(task));
  boost::asio::steady_timer* timer = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    timer = entries_[key].timer.get();
  }
  timer->async_wait([this, key, generation, token, shared](const boost::system::error_code& ec) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ec == boost::asio::error::operation_aborted || stopped_) return;  // superseded or stopping
    --waiting_;
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.generation != generation) return;
    pool_->post([shared, token] { (*shared)(token); });
  });
}

void Scheduler::cancel(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  it->second.source.cancel();
  if (it->second.timer && it->second.timer->cancel() > 0) --waiting_;
  entries_.erase(it);
}

void Scheduler::stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopped_ = true;
  for (auto& [key, e] : entries_) {
    e.source.cancel();
    if (e.timer) e.timer->cancel();
  }
  waiting_ = 0;
}

void Scheduler::blockUntilIdle() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (waiting_ == 0) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (pool_) pool_->wait();
}

}  // namespace mlide::server
