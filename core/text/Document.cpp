#include "core/text/Document.hpp"

namespace mlide {
namespace {

// Point at the end of `inserted` when it starts at `start`.
LineCol endPoint(LineCol start, std::string_view inserted) {
  LineCol p = start;
  for (std::size_t i = 0; i < inserted.size(); ++i) {
    const char c = inserted[i];
    if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < inserted.size() && inserted[i + 1] == '\n') ++i;
      ++p.line;
      p.column = 0;
    } else {
      ++p.column;
    }
  }
  return p;
}

}  // namespace

Document::Document(std::string uri, std::string languageId, std::int64_t version, std::string text)
    : uri_(std::move(uri)),
      languageId_(std::move(languageId)),
      version_(version),
      text_(std::move(text)),
      lines_(text_) {}

Expected<AppliedEdit> Document::apply(const ContentChange& change, PositionEncoding enc) {
  std::size_t begin = 0;
  std::size_t end = text_.size();
  if (change.range) {
    auto b = lines_.toOffset(text_, change.range->start, enc);
    if (!b) return b.takeError();
    auto e = lines_.toOffset(text_, change.range->end, enc);
    if (!e) return e.takeError();
    begin = *b;
    end = *e;
    if (end < begin) {
      return makeError(ErrorCode::InvalidArgument, "change range ends before it starts");
    }
  }
  AppliedEdit edit;
  edit.startByte = begin;
  edit.oldEndByte = end;
  edit.newEndByte = begin + change.text.size();
  edit.start = lines_.lineCol(begin);
  edit.oldEnd = lines_.lineCol(end);
  edit.newEnd = endPoint(edit.start, change.text);
  text_.replace(begin, end - begin, change.text);
  lines_ = LineIndex(text_);
  return edit;
}

}  // namespace mlide
