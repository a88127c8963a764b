// Jupyter notebooks under LSP 3.17 notebook sync: each cell is an open text document; the code
// cells are linted together as one virtual module (a variable from cell 1 resolves in cell 5),
// and each finding is published on the cell it lies in, in that cell's offsets. "Fix all" on a
// cell is computed the same way.
#include <algorithm>

#include "core/python/Notebook.hpp"
#include "core/support/Logging.hpp"
#include "core/support/Uri.hpp"
#include "core/support/Utf.hpp"
#include "lsp-server/protocol/NotebookProtocol.hpp"
#include "lsp-server/server/Server.hpp"

namespace mlide::server {

namespace {

constexpr std::int64_t kCodeCell = 2;

/// Re-expresses a virtual-document finding in one cell's offsets. Related locations and fixes
/// that reach into another cell are dropped: an LSP diagnostic and its quick fixes live in one
/// document.
std::optional<std::pair<std::size_t, Diag>> toCellDiag(const py::Notebook& nb, Diag d) {
  auto begin = nb.toCell(d.range.begin);
  if (!begin) return std::nullopt;
  const std::size_t cell = begin->cell;
  const std::size_t cellSize = nb.cells()[cell].source.size();
  // (An insertion at the end of a cell lies on the separator, which maps to this cell.)
  auto local = [&](ByteRange r) -> std::optional<ByteRange> {
    auto b = nb.toCell(r.begin);
    if (!b || b->cell != cell) return std::nullopt;
    auto e = nb.toCell(r.end);
    std::size_t end = (e && e->cell == cell) ? e->offset : cellSize;
    return ByteRange{b->offset, std::max(b->offset, end)};
  };
  auto placed = mapRanges(std::move(d), local);  // its range begins in `cell`, so it maps
  if (!placed) return std::nullopt;
  return std::make_pair(cell, std::move(*placed));
}

}  // namespace

std::optional<std::string> Server::notebookOf(const std::string& cellUri) const {
  std::lock_guard<std::mutex> lock(notebookMutex_);
  if (auto it = cellOwner_.find(cellUri); it != cellOwner_.end()) return it->second;
  return std::nullopt;
}

void Server::onNotebookDidOpen(const json& params) {
  lsp::DidOpenNotebookDocumentParams p;
  if (auto err = lsp::parseParams(params, p)) {
    logToClient(1, "mlide: notebookDocument/didOpen ignored: " + *err);
    return;
  }
  for (auto& item : p.cellTextDocuments) {
    docs_.open(Document(item.uri, item.languageId, item.version, std::move(item.text)));
  }
  {
    std::lock_guard<std::mutex> lock(notebookMutex_);
    NotebookState state;
    state.version = p.notebookDocument.version;
    for (const auto& c : p.notebookDocument.cells) {
      state.cells.emplace_back(c.document, c.kind == kCodeCell);
      cellOwner_[c.document] = p.notebookDocument.uri;
    }
    notebooks_[p.notebookDocument.uri] = std::move(state);
  }
  scheduleNotebookLint(p.notebookDocument.uri);
}

void Server::onNotebookDidChange(const json& params) {
  lsp::DidChangeNotebookDocumentParams p;
  if (auto err = lsp::parseParams(params, p)) {
    logToClient(1, "mlide: notebookDocument/didChange ignored: " + *err);
    return;
  }
  const std::string& nbUri = p.notebookDocument.uri;
  std::vector<std::string> closed;
  {
    std::lock_guard<std::mutex> lock(notebookMutex_);
    auto it = notebooks_.find(nbUri);
    if (it == notebooks_.end()) {
      logToClient(1, "mlide: notebookDocument/didChange for a notebook that is not open: " + nbUri);
      return;
    }
    NotebookState& nb = it->second;
    nb.version = p.notebookDocument.version;
    if (p.change.cells && p.change.cells->structure) {
      const auto& array = p.change.cells->structure->array;
      const std::size_t start = std::min<std::size_t>(array.start, nb.cells.size());
      const std::size_t count = std::min<std::size_t>(array.deleteCount, nb.cells.size() - start);
      nb.cells.erase(nb.cells.begin() + start, nb.cells.begin() + start + count);
      std::vector<std::pair<std::string, bool>> inserted;
      for (const auto& c : array.cells.value_or(std::vector<lsp::NotebookCell>{})) {
        inserted.emplace_back(c.document, c.kind == kCodeCell);
        cellOwner_[c.document] = nbUri;
      }
      nb.cells.insert(nb.cells.begin() + start, inserted.begin(), inserted.end());
      for (const auto& id : p.change.cells->structure->didClose.value_or(std::vector<lsp::TextDocumentIdentifier>{})) {
        cellOwner_.erase(id.uri);
        closed.push_back(id.uri);
      }
    }
    if (p.change.cells && p.change.cells->data) {
      for (const auto& c : *p.change.cells->data) {
        for (auto& [uri, code] : nb.cells)
          if (uri == c.document) code = c.kind == kCodeCell;
      }
    }
  }
  if (p.change.cells && p.change.cells->structure) {
    for (auto& item : p.change.cells->structure->didOpen.value_or(std::vector<lsp::TextDocumentItem>{})) {
      docs_.open(Document(item.uri, item.languageId, item.version, std::move(item.text)));
    }
  }
  for (const auto& uri : closed) {
    scheduler_.cancel(uri);
    docs_.close(uri);
    publish(uri);  // clears the closed cell's findings
  }
  if (p.change.cells && p.change.cells->textContent) {
    for (const auto& tc : *p.change.cells->textContent) {
      std::vector<ContentChange> changes;
      for (const auto& c : tc.changes) changes.push_back(ContentChange{c.range, c.text});
      applyContentChanges(tc.document.uri, tc.document.version, changes);
    }
  }
  scheduleNotebookLint(nbUri);
}

void Server::onNotebookDidSave(const json& params) {
  lsp::DidSaveNotebookDocumentParams p;
  if (auto err = lsp::parseParams(params, p)) {
    logToClient(1, "mlide: notebookDocument/didSave ignored: " + *err);
    return;
  }
  scheduleNotebookLint(p.notebookDocument.uri);
}

void Server::onNotebookDidClose(const json& params) {
  lsp::DidCloseNotebookDocumentParams p;
  if (auto err = lsp::parseParams(params, p)) {
    logToClient(1, "mlide: notebookDocument/didClose ignored: " + *err);
    return;
  }
  scheduler_.cancel(p.notebookDocument.uri);
  std::vector<std::string> cells;
  {
    std::lock_guard<std::mutex> lock(notebookMutex_);
    if (auto it = notebooks_.find(p.notebookDocument.uri); it != notebooks_.end()) {
      for (const auto& [uri, code] : it->second.cells) cells.push_back(uri);
      notebooks_.erase(it);
    }
    for (const auto& id : p.cellTextDocuments) cells.push_back(id.uri);
    for (const auto& uri : cells) cellOwner_.erase(uri);
  }
  for (const auto& uri : cells) {
    if (docs_.close(uri)) publish(uri);
  }
}

void Server::scheduleNotebookLint(const std::string& notebookUri) {
  scheduleAnalysis(notebookUri, &Server::runNotebookLint);
}

void Server::runNotebookLint(const std::string& notebookUri, const CancellationToken& cancel) {
  NotebookState state;
  {
    std::lock_guard<std::mutex> lock(notebookMutex_);
    auto it = notebooks_.find(notebookUri);
    if (it == notebooks_.end()) return;
    state = it->second;
  }
  // Cells as the user sees them now; a cell that is out of sync pauses the whole notebook.
  std::vector<py::NotebookCell> cells;
  std::vector<DocSnapshot> snaps;
  std::size_t bytes = 0;
  for (const auto& [uri, code] : state.cells) {
    auto snap = docs_.snapshot(uri);
    if (!snap) return;  // a cell announced but not (yet) opened
    bool desynced = false;
    docs_.withDoc(uri, [&](const DocState& s) { desynced = s.desynced; });
    if (desynced) return;
    const bool lintable = code && !looksBinary(*snap->text) && !firstInvalidUtf8(*snap->text);
    cells.push_back(py::NotebookCell{uri, *snap->text, lintable});
    bytes += snap->text->size();
    snaps.push_back(std::move(*snap));
  }
  std::vector<std::vector<Diag>> perCell(cells.size());
  if (bytes <= options_.maxAnalysedBytes) {
    auto nb = std::make_shared<const py::Notebook>(py::Notebook::fromCells(std::move(cells)));
    thread_local py::Parser parser;
    auto tree = parser.parse(std::make_shared<const std::string>(nb->text()), cancel);
    if (!tree) {
      if (tree.error().code != ErrorCode::Cancelled) log::error("parse " + notebookUri + ": " + tree.error().describe());
      return;
    }
    SourceFile file;
    file.uri = notebookUri;
    if (auto path = uriToPath(notebookUri)) file.path = *path;
    file.version = state.version;
    file.tree = *tree;
    file.notebook = nb;
    auto all = lintWithEngines(file, cancel);
    if (!all) return;
    for (Diag& d : *all) {
      if (auto placed = toCellDiag(*nb, std::move(d))) perCell[placed->first].push_back(std::move(placed->second));
    }
  }
  if (cancel.cancelled()) return;
  for (std::size_t i = 0; i < snaps.size(); ++i) {
    LintResult result{snaps[i].version, snaps[i].text, std::make_shared<LineIndex>(*snaps[i].text),
                      std::move(perCell[i])};
    if (docs_.storeLint(snaps[i].uri, std::move(result))) publish(snaps[i].uri);
  }
}

Expected<std::string> Server::fixedNotebookCell(const std::string& notebookUri,
                                                const std::string& cellUri) {
  NotebookState state;
  {
    std::lock_guard<std::mutex> lock(notebookMutex_);
    auto it = notebooks_.find(notebookUri);
    if (it == notebooks_.end())
      return makeError(ErrorCode::NotFound, "notebook is not open: " + notebookUri);
    state = it->second;
  }
  std::vector<py::NotebookCell> cells;
  std::optional<std::size_t> target;
  std::size_t bytes = 0;
  for (const auto& [uri, code] : state.cells) {
    std::string text;
    bool desynced = false;
    if (!docs_.withDoc(uri, [&](const DocState& s) {
          text = s.doc.text();
          desynced = s.desynced;
        })) {
      return makeError(ErrorCode::NotFound, "notebook cell is not open: " + uri);
    }
    // Fixes computed on text the client does not have would land in the wrong places.
    if (desynced) return makeError(ErrorCode::Unsupported, "notebook cell is out of sync: " + uri);
    if (uri == cellUri) target = cells.size();
    bytes += text.size();
    const bool lintable = code && !looksBinary(text) && !firstInvalidUtf8(text);
    cells.push_back(py::NotebookCell{uri, std::move(text), lintable});
  }
  if (!target) return makeError(ErrorCode::NotFound, cellUri + " is not a cell of " + notebookUri);
  if (!cells[*target].code || bytes > options_.maxAnalysedBytes) return cells[*target].source;

  py::Notebook nb = py::Notebook::fromCells(std::move(cells));
  py::Parser parser;
  // Fixes can enable other fixes (or make them moot): iterate to a fixed point, bounded.
  for (int round = 0; round < 10; ++round) {
    auto shared = std::make_shared<const py::Notebook>(nb);
    auto tree = parser.parse(std::make_shared<const std::string>(shared->text()));
    if (!tree) return tree.takeError();
    SourceFile file;
    file.uri = notebookUri;
    if (auto path = uriToPath(notebookUri)) file.path = *path;
    file.tree = *tree;
    file.notebook = shared;
    auto inTarget = [&](const Edit& e) {
      auto b = shared->toCell(e.range.begin);
      auto en = shared->toCell(e.range.end);
      return b && en && b->cell == *target && en->cell == *target;
    };
    // A fix reaching into another cell belongs to that cell's fix-all.
    auto inTargetCell = [&](const Fix& fix) {
      return std::all_of(fix.edits.begin(), fix.edits.end(), inTarget);
    };
    std::vector<Edit> edits;
    for (auto& engine : engines_) {
      auto diags = engine->lint(file, {});
      if (!diags) return diags.takeError();
      addSafeFixes(*diags, edits, inTargetCell);
    }
    if (edits.empty() || !nb.applyVirtualEdits(edits).ok()) break;
  }
  return nb.cells()[*target].source;
}

}  // namespace mlide::server
