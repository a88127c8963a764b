// LSP 3.17 notebook document synchronisation types (notebookDocument/*), non-throwing fromJson.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lsp-server/protocol/Protocol.hpp"

namespace mlide::lsp {

struct NotebookCell {
  std::int64_t kind = 2;  // 1 markup, 2 code
  std::string document;   // the cell's text document URI
};
bool fromJson(const json& j, NotebookCell& out, JsonPath& p);

struct NotebookDocument {
  std::string uri;
  std::string notebookType;
  std::int64_t version = 0;
  std::vector<NotebookCell> cells;
};
bool fromJson(const json& j, NotebookDocument& out, JsonPath& p);

struct DidOpenNotebookDocumentParams {
  NotebookDocument notebookDocument;
  std::vector<TextDocumentItem> cellTextDocuments;
};
bool fromJson(const json& j, DidOpenNotebookDocumentParams& out, JsonPath& p);

struct NotebookCellArrayChange {
  std::uint32_t start = 0;
  std::uint32_t deleteCount = 0;
  std::optional<std::vector<NotebookCell>> cells;
};
bool fromJson(const json& j, NotebookCellArrayChange& out, JsonPath& p);

struct NotebookCellStructureChange {
  NotebookCellArrayChange array;
  std::optional<std::vector<TextDocumentItem>> didOpen;
  std::optional<std::vector<TextDocumentIdentifier>> didClose;
};
bool fromJson(const json& j, NotebookCellStructureChange& out, JsonPath& p);

struct NotebookCellTextChange {
  VersionedTextDocumentIdentifier document;
  std::vector<TextDocumentContentChangeEvent> changes;
};
bool fromJson(const json& j, NotebookCellTextChange& out, JsonPath& p);

struct NotebookCellsChange {
  std::optional<NotebookCellStructureChange> structure;
  std::optional<std::vector<NotebookCell>> data;
  std::optional<std::vector<NotebookCellTextChange>> textContent;
};
bool fromJson(const json& j, NotebookCellsChange& out, JsonPath& p);

struct NotebookDocumentChangeEvent {
  std::optional<NotebookCellsChange> cells;  // metadata changes are ignored
};
bool fromJson(const json& j, NotebookDocumentChangeEvent& out, JsonPath& p);

struct DidChangeNotebookDocumentParams {
  VersionedTextDocumentIdentifier notebookDocument;
  NotebookDocumentChangeEvent change;
};
bool fromJson(const json& j, DidChangeNotebookDocumentParams& out, JsonPath& p);

struct DidCloseNotebookDocumentParams {
  TextDocumentIdentifier notebookDocument;
  std::vector<TextDocumentIdentifier> cellTextDocuments;
};
bool fromJson(const json& j, DidCloseNotebookDocumentParams& out, JsonPath& p);

/// didSave carries only the notebook's identifier.
struct DidSaveNotebookDocumentParams {
  TextDocumentIdentifier notebookDocument;
};
bool fromJson(const json& j, DidSaveNotebookDocumentParams& out, JsonPath& p);

}  // namespace mlide::lsp
