// Where each cell's source is written in a raw .ipynb file (nbformat JSON), so a position in a
// cell can be shown at its place in the file: `mlide check --format sarif` reports notebook
// findings at the line of the JSON file that holds the cell's source line, which is where code
// scanning and other file-based viewers point.
//
// A cell's `source` is a string or a list of strings (Jupyter writes one string per line). JSON
// strings never span lines, so every source line sits on one line of the file, after its
// escapes (\" \n \uXXXX ...) are accounted for. Immutable: thread-safe to share.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlide::py {

class IpynbSourceMap {
 public:
  /// Scans `raw`; cells are numbered as in the `cells` array (markdown cells included). A file
  /// that does not scan as nbformat JSON gives an empty map (every lookup fails).
  static IpynbSourceMap build(std::string_view raw);

  /// The byte offset in the raw file where byte `offset` of cell `cell`'s decoded source is
  /// written (inside a string literal; an offset inside a multi-byte \u escape maps to the
  /// escape's start). The end of the source maps to the closing quote of its last string.
  /// nullopt when the cell or offset does not exist, or the source is null or an empty list.
  std::optional<std::size_t> rawOffset(std::size_t cell, std::size_t offset) const;

  std::size_t cellCount() const { return cells_.size(); }

 private:
  struct Piece {               // one JSON string of a cell's source
    std::size_t decodedStart;  // offset of its first byte in the decoded cell source
    std::size_t decodedSize;
    std::size_t rawBegin;  // just after the opening quote
    std::size_t rawEnd;    // at the closing quote
  };
  std::string raw_;
  std::vector<std::vector<Piece>> cells_;
};

}  // namespace mlide::py
