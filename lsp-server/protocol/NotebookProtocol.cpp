#include "lsp-server/protocol/NotebookProtocol.hpp"

namespace mlide::lsp {

namespace {
bool expectObject(const json& j, JsonPath& p) { return j.is_object() ? true : p.fail("expected an object"); }
}  // namespace

bool fromJson(const json& j, NotebookCell& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "kind", out.kind, p) && required(j, "document", out.document, p);
}

bool fromJson(const json& j, NotebookDocument& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "uri", out.uri, p) && required(j, "notebookType", out.notebookType, p) &&
         required(j, "version", out.version, p) && required(j, "cells", out.cells, p);
}

bool fromJson(const json& j, DidOpenNotebookDocumentParams& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "notebookDocument", out.notebookDocument, p) &&
         required(j, "cellTextDocuments", out.cellTextDocuments, p);
}

bool fromJson(const json& j, NotebookCellArrayChange& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "start", out.start, p) && required(j, "deleteCount", out.deleteCount, p) &&
         optional(j, "cells", out.cells, p);
}

bool fromJson(const json& j, NotebookCellStructureChange& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "array", out.array, p) && optional(j, "didOpen", out.didOpen, p) &&
         optional(j, "didClose", out.didClose, p);
}

bool fromJson(const json& j, NotebookCellTextChange& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "document", out.document, p) && required(j, "changes", out.changes, p);
}

bool fromJson(const json& j, NotebookCellsChange& out, JsonPath& p) {
  return expectObject(j, p) && optional(j, "structure", out.structure, p) && optional(j, "data", out.data, p) &&
         optional(j, "textContent", out.textContent, p);
}

bool fromJson(const json& j, NotebookDocumentChangeEvent& out, JsonPath& p) {
  return expectObject(j, p) && optional(j, "cells", out.cells, p);
}

bool fromJson(const json& j, DidChangeNotebookDocumentParams& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "notebookDocument", out.notebookDocument, p) &&
         required(j, "change", out.change, p);
}

bool fromJson(const json& j, DidCloseNotebookDocumentParams& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "notebookDocument", out.notebookDocument, p) &&
         required(j, "cellTextDocuments", out.cellTextDocuments, p);
}

bool fromJson(const json& j, DidSaveNotebookDocumentParams& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "notebookDocument", out.notebookDocument, p);
}

}  // namespace mlide::lsp
