// LSP types mlide uses, with non-throwing from_json (fromJson) and to_json (toJson).
// Field names follow the LSP specification (hence the NOLINT block). Only what we use is here;
// unknown fields are ignored. Extensions are marked "mlide extension".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/text/LineIndex.hpp"
#include "lsp-server/protocol/JsonParse.hpp"

namespace mlide::lsp {

// NOLINTBEGIN(readability-identifier-naming)

bool fromJson(const json& j, Position& out, JsonPath& p);
bool fromJson(const json& j, Range& out, JsonPath& p);
json toJson(const Position& pos);
json toJson(const Range& r);

struct TextDocumentIdentifier {
  std::string uri;
};
bool fromJson(const json& j, TextDocumentIdentifier& out, JsonPath& p);

struct VersionedTextDocumentIdentifier {
  std::string uri;
  std::int64_t version = 0;
};
bool fromJson(const json& j, VersionedTextDocumentIdentifier& out, JsonPath& p);

struct TextDocumentItem {
  std::string uri;
  std::string languageId;
  std::int64_t version = 0;
  std::string text;
};
bool fromJson(const json& j, TextDocumentItem& out, JsonPath& p);

struct DidOpenTextDocumentParams {
  TextDocumentItem textDocument;
};
bool fromJson(const json& j, DidOpenTextDocumentParams& out, JsonPath& p);

struct TextDocumentContentChangeEvent {
  std::optional<Range> range;
  std::string text;
};
bool fromJson(const json& j, TextDocumentContentChangeEvent& out, JsonPath& p);

struct DidChangeTextDocumentParams {
  VersionedTextDocumentIdentifier textDocument;
  std::vector<TextDocumentContentChangeEvent> contentChanges;
};
bool fromJson(const json& j, DidChangeTextDocumentParams& out, JsonPath& p);

struct DidCloseTextDocumentParams {
  TextDocumentIdentifier textDocument;
};
bool fromJson(const json& j, DidCloseTextDocumentParams& out, JsonPath& p);

struct DidSaveTextDocumentParams {
  TextDocumentIdentifier textDocument;
  std::optional<std::string> text;
};
bool fromJson(const json& j, DidSaveTextDocumentParams& out, JsonPath& p);

struct TextDocumentPositionParams {
  TextDocumentIdentifier textDocument;
  Position position;
};
bool fromJson(const json& j, TextDocumentPositionParams& out, JsonPath& p);

struct CodeActionContext {
  std::vector<json> diagnostics;  // as the client echoes them; we read `data`, `range`, `code`
  std::optional<std::vector<std::string>> only;
};
bool fromJson(const json& j, CodeActionContext& out, JsonPath& p);

struct CodeActionParams {
  TextDocumentIdentifier textDocument;
  Range range;
  CodeActionContext context;
};
bool fromJson(const json& j, CodeActionParams& out, JsonPath& p);

struct ExecuteCommandParams {
  std::string command;
  std::vector<json> arguments;
};
bool fromJson(const json& j, ExecuteCommandParams& out, JsonPath& p);

struct WorkspaceFolder {
  std::string uri;
  std::string name;
};
bool fromJson(const json& j, WorkspaceFolder& out, JsonPath& p);

/// The parts of InitializeParams mlide reads.
struct InitializeParams {
  std::optional<std::string> rootUri;
  std::optional<std::string> rootPath;
  std::vector<WorkspaceFolder> workspaceFolders;
  std::vector<std::string> positionEncodings;  // capabilities.general.positionEncodings
  bool workDoneProgress = false;                // capabilities.window.workDoneProgress
  bool diagnosticVersionSupport = false;        // ...publishDiagnostics.versionSupport
  bool codeDescriptionSupport = false;          // ...publishDiagnostics.codeDescriptionSupport
  bool relatedInformation = false;              // ...publishDiagnostics.relatedInformation
  bool dataSupport = false;                     // ...publishDiagnostics.dataSupport
  json initializationOptions;                   // mlide settings, nested
  std::string clientName;
};
bool fromJson(const json& j, InitializeParams& out, JsonPath& p);

struct CancelParams {
  json id;
};
bool fromJson(const json& j, CancelParams& out, JsonPath& p);

/// LSP DiagnosticSeverity values.
enum class LspSeverity : int { Error = 1, Warning = 2, Information = 3, Hint = 4 };

// NOLINTEND(readability-identifier-naming)

/// Parses `params` into T, or returns the InvalidParams message.
template <typename T>
std::optional<std::string> parseParams(const json& params, T& out) {
  JsonPath p("params");
  if (fromJson(params, out, p)) return std::nullopt;
  return p.error().empty() ? std::string("params: invalid") : p.error();
}

}  // namespace mlide::lsp
