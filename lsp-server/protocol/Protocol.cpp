#include "lsp-server/protocol/Protocol.hpp"

namespace mlide::lsp {
namespace {

bool expectObject(const json& j, JsonPath& p) { return j.is_object() ? true : p.fail("expected an object"); }

// Reads a nested boolean capability flag; any shape problem means "not supported".
bool capability(const json& caps, std::initializer_list<const char*> path) {
  const json* cur = &caps;
  for (const char* key : path) {
    if (!cur->is_object()) return false;
    auto it = cur->find(key);
    if (it == cur->end()) return false;
    cur = &*it;
  }
  return cur->is_boolean() && cur->get<bool>();
}

}  // namespace

bool fromJson(const json& j, Position& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "line", out.line, p) && required(j, "character", out.character, p);
}

bool fromJson(const json& j, Range& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "start", out.start, p) && required(j, "end", out.end, p);
}

json toJson(const Position& pos) { return json{{"line", pos.line}, {"character", pos.character}}; }
json toJson(const Range& r) { return json{{"start", toJson(r.start)}, {"end", toJson(r.end)}}; }

bool fromJson(const json& j, TextDocumentIdentifier& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "uri", out.uri, p);
}

bool fromJson(const json& j, VersionedTextDocumentIdentifier& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "uri", out.uri, p) && required(j, "version", out.version, p);
}

bool fromJson(const json& j, TextDocumentItem& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "uri", out.uri, p) && required(j, "languageId", out.languageId, p) &&
         required(j, "version", out.version, p) && required(j, "text", out.text, p);
}

bool fromJson(const json& j, DidOpenTextDocumentParams& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "textDocument", out.textDocument, p);
}

bool fromJson(const json& j, TextDocumentContentChangeEvent& out, JsonPath& p) {
  return expectObject(j, p) && optional(j, "range", out.range, p) && required(j, "text", out.text, p);
}

bool fromJson(const json& j, DidChangeTextDocumentParams& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "textDocument", out.textDocument, p) &&
         required(j, "contentChanges", out.contentChanges, p);
}

bool fromJson(const json& j, DidCloseTextDocumentParams& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "textDocument", out.textDocument, p);
}

bool fromJson(const json& j, DidSaveTextDocumentParams& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "textDocument", out.textDocument, p) && optional(j, "text", out.text, p);
}

bool fromJson(const json& j, TextDocumentPositionParams& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "textDocument", out.textDocument, p) &&
         required(j, "position", out.position, p);
}

bool fromJson(const json& j, CodeActionContext& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "diagnostics", out.diagnostics, p) && optional(j, "only", out.only, p);
}

bool fromJson(const json& j, CodeActionParams& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "textDocument", out.textDocument, p) &&
         required(j, "range", out.range, p) && required(j, "context", out.context, p);
}

bool fromJson(const json& j, ExecuteCommandParams& out, JsonPath& p) {
  std::optional<std::vector<json>> args;
  if (!(expectObject(j, p) && required(j, "command", out.command, p) && optional(j, "arguments", args, p))) {
    return false;
  }
  out.arguments = args.value_or(std::vector<json>{});
  return true;
}

bool fromJson(const json& j, WorkspaceFolder& out, JsonPath& p) {
  return expectObject(j, p) && required(j, "uri", out.uri, p) && required(j, "name", out.name, p);
}

bool fromJson(const json& j, InitializeParams& out, JsonPath& p) {
  if (!expectObject(j, p)) return false;
  std::optional<std::vector<WorkspaceFolder>> folders;
  if (!optional(j, "rootUri", out.rootUri, p) || !optional(j, "rootPath", out.rootPath, p) ||
      !optional(j, "workspaceFolders", folders, p)) {
    return false;
  }
  out.workspaceFolders = folders.value_or(std::vector<WorkspaceFolder>{});
  const json caps = j.value("capabilities", json::object());
  if (caps.is_object()) {
    if (auto g = caps.find("general"); g != caps.end() && g->is_object()) {
      if (auto pe = g->find("positionEncodings"); pe != g->end() && pe->is_array()) {
        for (const json& e : *pe)
          if (e.is_string()) out.positionEncodings.push_back(e.get<std::string>());
      }
    }
  }
  out.workDoneProgress = capability(caps, {"window", "workDoneProgress"});
  out.diagnosticVersionSupport = capability(caps, {"textDocument", "publishDiagnostics", "versionSupport"});
  out.codeDescriptionSupport = capability(caps, {"textDocument", "publishDiagnostics", "codeDescriptionSupport"});
  out.relatedInformation = capability(caps, {"textDocument", "publishDiagnostics", "relatedInformation"});
  out.dataSupport = capability(caps, {"textDocument", "publishDiagnostics", "dataSupport"});
  out.initializationOptions = j.value("initializationOptions", json());
  if (auto ci = j.find("clientInfo"); ci != j.end() && ci->is_object()) {
    if (auto n = ci->find("name"); n != ci->end() && n->is_string()) out.clientName = n->get<std::string>();
  }
  return true;
}

bool fromJson(const json& j, CancelParams& out, JsonPath& p) {
  if (!expectObject(j, p)) return false;
  auto it = j.find("id");
  if (it == j.end() || !(it->is_number_integer() || it->is_string())) {
    auto s = p.field("id");
    return p.fail("expected an integer or a string");
  }
  out.id = *it;
  return true;
}

}  // namespace mlide::lsp
