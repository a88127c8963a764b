#include "core/text/LineIndex.hpp"

#include <algorithm>
#include <string>

namespace mlide {

LineIndex::LineIndex(std::string_view text) : starts_{0}, size_(text.size()) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      starts_.push_back(i + 1);
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts_.push_back(i + 1);
    }
  }
}

std::string_view LineIndex::lineText(std::string_view text, std::size_t line) const {
  const std::size_t begin = starts_[line];
  std::size_t end = line + 1 < starts_.size() ? starts_[line + 1] : text.size();
  while (end > begin && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
  return text.substr(begin, end - begin);
}

LineCol LineIndex::lineCol(std::size_t offset) const {
  offset = std::min(offset, size_);
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(it - starts_.begin()) - 1;
  return {line, offset - starts_[line]};
}

std::size_t LineIndex::offsetOf(std::string_view text, LineCol lc) const {
  if (lc.line >= starts_.size()) return text.size();
  const std::string_view line = lineText(text, lc.line);
  return starts_[lc.line] + std::min(lc.column, line.size());
}

Position LineIndex::toPosition(std::string_view text, std::size_t offset, PositionEncoding enc) const {
  const LineCol lc = lineCol(offset);
  const std::string_view line = lineText(text, lc.line);
  const std::size_t col = std::min(lc.column, line.size());
  return {static_cast<std::uint32_t>(lc.line),
          static_cast<std::uint32_t>(codeUnits(line.substr(0, col), enc))};
}

Expected<std::size_t> LineIndex::toOffset(std::string_view text, Position pos, PositionEncoding enc) const {
  if (pos.line >= starts_.size()) {
    if (pos.line == starts_.size() && pos.character == 0) return text.size();
    return makeError(ErrorCode::InvalidArgument,
                     "position line " + std::to_string(pos.line) + " is past the end of the document (" +
                         std::to_string(starts_.size()) + " lines)");
  }
  const std::string_view line = lineText(text, pos.line);
  return starts_[pos.line] + byteOffsetOfUnits(line, pos.character, enc);
}

}  // namespace mlide
