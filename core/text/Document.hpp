// A versioned text document with incremental edits, as LSP synchronises it.
// Not thread-safe: the owner serialises access (the server's document store does).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/support/Expected.hpp"
#include "core/text/LineIndex.hpp"

namespace mlide {

/// One `TextDocumentContentChangeEvent`: a range edit, or the whole text when range is empty.
struct ContentChange {
  std::optional<Range> range;
  std::string text;
};

/// What an applied change did, in bytes and line/byte-column points: the shape tree-sitter's
/// ts_tree_edit wants, so a parser can re-parse incrementally.
struct AppliedEdit {
  std::size_t startByte = 0;
  std::size_t oldEndByte = 0;
  std::size_t newEndByte = 0;
  LineCol start;
  LineCol oldEnd;
  LineCol newEnd;
};

class Document {
 public:
  Document(std::string uri, std::string languageId, std::int64_t version, std::string text);

  const std::string& uri() const { return uri_; }
  const std::string& languageId() const { return languageId_; }
  std::int64_t version() const { return version_; }
  const std::string& text() const { return text_; }
  const LineIndex& lines() const { return lines_; }

  /// Applies one change; positions are in `enc`. On error the document is unchanged.
  Expected<AppliedEdit> apply(const ContentChange& change, PositionEncoding enc);
  void setVersion(std::int64_t v) { version_ = v; }

 private:
  std::string uri_;
  std::string languageId_;
  std::int64_t version_;
  std::string text_;
  LineIndex lines_;
};

}  // namespace mlide
