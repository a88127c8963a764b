// Jupyter notebooks as one virtual Python document.
//
// The code cells are concatenated, each followed by a newline, so rules see one module (a
// variable defined in cell 1 and used in cell 5 resolves). IPython magics (`%matplotlib`,
// `!pip`) have their first character replaced by '#', which keeps every byte offset identical
// between a cell's source and its slice of the virtual text. Immutable: thread-safe to share.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "core/support/Expected.hpp"

namespace mlide::py {

struct NotebookCell {
  std::string id;      // nbformat cell id, or the cell document URI under LSP notebook sync
  std::string source;  // the cell text as the user sees it
  bool code = true;    // markdown and raw cells are kept for numbering but not linted
};

class Notebook {
 public:
  /// Parses nbformat 4 JSON. A file that is not JSON, or has no `cells` array, is a
  /// ParseError that names what is wrong.
  static Expected<Notebook> fromIpynb(std::string_view json);
  static Notebook fromCells(std::vector<NotebookCell> cells);

  /// The virtual Python document.
  const std::string& text() const { return text_; }
  const std::vector<NotebookCell>& cells() const { return cells_; }

  struct CellOffset {
    std::size_t cell;    // index into cells()
    std::size_t offset;  // byte offset within that cell's source
  };
  /// Where a virtual offset lies; offsets on a separator newline map to the end of the cell
  /// before it. nullopt only for an empty notebook.
  std::optional<CellOffset> toCell(std::size_t virtualOffset) const;
  /// The virtual offset of a cell offset. REQUIRES: cells()[cell].code.
  std::size_t toVirtual(std::size_t cell, std::size_t offset) const;

  /// Applies edits given in virtual offsets to the cell sources. An edit that crosses a cell
  /// boundary is an InvalidArgument error, and then nothing changes.
  Status applyVirtualEdits(const std::vector<Edit>& edits);

  /// Writes `original` with the code cell sources replaced by this notebook's (nbformat style:
  /// source as a list of lines, indent 1). REQUIRES: original parses (fromIpynb succeeded).
  std::string toIpynb(std::string_view original) const;

 private:
  void rebuild();

  std::vector<NotebookCell> cells_;
  std::string text_;
  std::vector<std::size_t> starts_;  // virtual start of each cell; npos for non-code cells
};

/// Replaces the leading '%' or '!' of IPython magic lines with '#'; cells starting with a
/// cell magic other than %%time/%%timeit/%%capture are commented out entirely.
std::string neutralizeMagics(std::string_view source);

}  // namespace mlide::py
