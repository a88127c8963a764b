// Line starts of a UTF-8 text, and conversion between byte offsets and LSP positions.
// Line terminators are "\n", "\r\n" and "\r", as LSP defines them. Immutable after construction:
// thread-safe to share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/support/Expected.hpp"
#include "core/support/Utf.hpp"

namespace mlide {

/// A position in code units of some PositionEncoding (what LSP sends).
struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

struct Range {
  Position start;
  Position end;
  friend bool operator==(const Range&, const Range&) = default;
};

/// A 0-based line and a byte column within it (tree-sitter's TSPoint uses the same).
struct LineCol {
  std::size_t line = 0;
  std::size_t column = 0;  // bytes
  friend bool operator==(const LineCol&, const LineCol&) = default;
};

class LineIndex {
 public:
  LineIndex() : starts_{0}, size_(0) {}
  explicit LineIndex(std::string_view text);

  /// Number of lines; a text ending in a newline has an empty last line.
  std::size_t lineCount() const { return starts_.size(); }
  std::size_t lineStart(std::size_t line) const { return starts_[line]; }
  /// The text of `line` without its terminator. REQUIRES: line < lineCount().
  std::string_view lineText(std::string_view text, std::size_t line) const;

  /// Line and byte column of `offset` (clamped to the text size).
  LineCol lineCol(std::size_t offset) const;
  /// Byte offset of a line/column (clamped to the line's end).
  std::size_t offsetOf(std::string_view text, LineCol lc) const;

  Position toPosition(std::string_view text, std::size_t offset, PositionEncoding enc) const;
  /// A character past the line end clamps to it (LSP); a line past the last line is an
  /// InvalidArgument error, except line == lineCount() with character 0, which is the end.
  Expected<std::size_t> toOffset(std::string_view text, Position pos, PositionEncoding enc) const;

 private:
  std::vector<std::size_t> starts_;
  std::size_t size_;
};

}  // namespace mlide
