// Cooperative cancellation. A CancellationSource owns the flag; tokens observe it.
// Long work polls `token.cancelled()` at convenient points and returns ErrorCode::Cancelled.
// Thread-safe: cancel() and cancelled() may race freely.
#pragma once

#include <atomic>
#include <memory>

namespace mlide {

class CancellationToken {
 public:
  /// A token that is never cancelled.
  CancellationToken() = default;
  bool cancelled() const { return flag_ && flag_->load(std::memory_order_relaxed); }

 private:
  friend class CancellationSource;
  explicit CancellationToken(std::shared_ptr<std::atomic<bool>> f) : flag_(std::move(f)) {}
  std::shared_ptr<std::atomic<bool>> flag_;
};

class CancellationSource {
 public:
  CancellationSource() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
  void cancel() { flag_->store(true); }
  bool cancelled() const { return flag_->load(); }
  CancellationToken token() const { return CancellationToken(flag_); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace mlide
