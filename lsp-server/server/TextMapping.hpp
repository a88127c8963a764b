// Carries byte offsets from one version of a text to another by the lines the two share
// unchanged (a line diff). Diagnostics that arrive from outside the editing path (training
// findings) are resolved against the file as it was; this puts them on the same code in the
// buffer as it is now, and tells which ones no longer have their code.
//
// Immutable after construction: thread-safe to share.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "core/diag/Diagnostic.hpp"

namespace mlide::server {

class TextMapping {
 public:
  /// Diffs `from` against `to` by lines. Beyond a bounded amount of change (a rewritten file)
  /// only the common prefix and suffix lines are kept.
  TextMapping(std::string_view from, std::string_view to);

  /// `r` in `to`, when the lines it spans (its end included) are unchanged and contiguous
  /// there; nullopt when any of them was edited or removed. An insertion point between two
  /// lines maps only if both lines are unchanged and still adjacent: what was meant to go
  /// "after backward()" is not put after some other line.
  std::optional<ByteRange> map(ByteRange r) const;

  /// Every range of `d` mapped; nullopt when its own range does not map. A related location
  /// that does not map is dropped; a fix keeps only if all of its edits map, so no edit is
  /// ever applied to text it was not computed for.
  std::optional<Diag> map(const Diag& d) const;

  bool identical() const { return identical_; }

 private:
  struct Run {
    std::size_t from = 0;  // start in `from`
    std::size_t to = 0;    // start in `to`
    std::size_t size = 0;  // bytes of whole unchanged lines
  };
  std::vector<Run> runs_;  // sorted by `from` (and by `to`)
  std::size_t fromSize_ = 0;
  std::size_t toSize_ = 0;
  bool identical_ = false;
};

}  // namespace mlide::server
