// textDocument/codeAction: quick fixes carried in Diagnostic.data, a suppression comment per
// finding, and "fix all safe mlide issues" (source.fixAll.mlide).
#include "core/support/Logging.hpp"
#include "core/support/Uri.hpp"
#include "lsp-server/protocol/Convert.hpp"
#include "lsp-server/protocol/Extensions.hpp"
#include "lsp-server/protocol/Protocol.hpp"
#include "lsp-server/server/Server.hpp"

namespace mlide::server {

using lsp::RpcCode;

namespace {

// True if a requested kind (e.g. "source", "source.fixAll") covers `kind`.
bool kindRequested(const std::optional<std::vector<std::string>>& only, std::string_view kind) {
  if (!only) return true;
  for (const std::string& k : *only) {
    if (kind == k || (kind.size() > k.size() && kind.substr(0, k.size()) == k && kind[k.size()] == '.')) return true;
  }
  return false;
}

// The edit that adds `slug` to the line's `# mlide: ignore[...]` comment, or appends one.
Edit suppressionEdit(const std::string& text, const LineIndex& lines, std::size_t offset, const std::string& slug) {
  const LineCol lc = lines.lineCol(offset);
  const std::string_view line = lines.lineText(text, lc.line);
  const std::size_t lineStart = lines.lineStart(lc.line);
  constexpr std::string_view kMarker = "# mlide: ignore[";
  if (auto at = line.find(kMarker); at != std::string_view::npos) {
    if (auto close = line.find(']', at); close != std::string_view::npos) {
      return Edit::insertion(lineStart + close, ", " + slug);
    }
  }
  return Edit::insertion(lineStart + line.size(), "  # mlide: ignore[" + slug + "]");
}

// One minimal edit from `original` to `current`: the changed middle, so the cursor and folding
// outside it stay put. Null when nothing changed.
nlohmann::json minimalTextEdit(const std::string& original, const std::string& current,
                               PositionEncoding encoding) {
  if (current == original) return nullptr;
  std::size_t prefix = 0;
  while (prefix < original.size() && prefix < current.size() && original[prefix] == current[prefix])
    ++prefix;
  std::size_t suffix = 0;
  while (suffix < original.size() - prefix && suffix < current.size() - prefix &&
         original[original.size() - 1 - suffix] == current[current.size() - 1 - suffix])
    ++suffix;
  // Keep UTF-8 sequences whole.
  while (prefix > 0 && (static_cast<unsigned char>(original[prefix]) & 0xC0) == 0x80) --prefix;
  while (suffix > 0 &&
         (static_cast<unsigned char>(original[original.size() - suffix]) & 0xC0) == 0x80)
    --suffix;
  const LineIndex lines(original);
  const lsp::TextView view{original, lines, encoding};
  Edit e{{prefix, original.size() - suffix},
         current.substr(prefix, current.size() - suffix - prefix)};
  return lsp::toTextEdit(view, e);
}

}  // namespace

std::vector<nlohmann::json> Server::externalFixActions(const lsp::TextView& view,
                                                       const std::string& uri, const json& diag,
                                                       const std::vector<ExternalDiag>& current) {
  std::vector<json> out;
  Range r;
  lsp::JsonPath path("diagnostic.range");
  if (!diag.contains("range") || !lsp::fromJson(diag["range"], r, path)) return out;
  const std::string rule = diag["data"].value("rule", std::string());
  for (const ExternalDiag& e : current) {
    // The same finding where it is now. Not the message: it names the epochs, which a running
    // job keeps extending. A diagnostic whose code has moved or changed matches nothing.
    if (e.diag.rule != rule || view.range(e.diag.range) != r) continue;
    for (const Fix& fix : e.diag.fixes) {
      if (fix.applicability == Applicability::DisplayOnly) continue;
      json edits = json::array();
      for (const Edit& edit : fix.edits) edits.push_back(lsp::toTextEdit(view, edit));
      out.push_back({{"title", fix.title},
                     {"kind", "quickfix"},
                     {"diagnostics", json::array({diag})},
                     {"isPreferred", fix.applicability == Applicability::Safe},
                     {"edit", {{"changes", {{uri, std::move(edits)}}}}}});
    }
    break;
  }
  return out;
}

void Server::onCodeAction(const json& params, lsp::ReplyOnce reply) {
  lsp::CodeActionParams p;
  if (auto err = lsp::parseParams(params, p)) {
    reply.error(RpcCode::InvalidParams, *err);
    return;
  }
  const std::string& uri = p.textDocument.uri;
  std::string text;
  if (!docs_.withDoc(uri, [&](const DocState& s) { text = s.doc.text(); })) {
    reply.error(RpcCode::InvalidParams, "document is not open: " + uri);
    return;
  }
  const LineIndex lines(text);
  const lsp::TextView view{text, lines, encoding_};
  json actions = json::array();

  if (kindRequested(p.context.only, "quickfix")) {
    std::vector<json> suppressions;
    std::optional<std::vector<ExternalDiag>> external;  // computed for the first one asked about
    for (const json& diag : p.context.diagnostics) {
      // Some clients send back only part of a diagnostic: no source is fine, another one is not.
      if (!diag.is_object() || diag.value("source", std::string("mlide")) != "mlide") continue;
      const json data = diag.value("data", json::object());
      if (!data.is_object()) continue;
      if (data.contains("external")) {
        // A training finding's fixes were computed for the file as the run saw it: take them
        // from the server, carried onto the text as it is now, or offer none.
        if (!external)
          external = externalDiagnostics(uri, std::make_shared<const std::string>(text));
        for (json& action : externalFixActions(view, uri, diag, *external))
          actions.push_back(std::move(action));
      } else if (auto fixes = data.find("fixes"); fixes != data.end() && fixes->is_array()) {
        for (const json& fix : *fixes) {
          if (!fix.is_object() || fix.value("applicability", std::string()) == "display-only") continue;
          actions.push_back({{"title", fix.value("title", std::string("Apply mlide fix"))},
                             {"kind", "quickfix"},
                             {"diagnostics", json::array({diag})},
                             {"isPreferred", fix.value("applicability", std::string()) == "safe"},
                             {"edit", {{"changes", {{uri, fix.value("edits", json::array())}}}}}});
        }
      }
      const std::string slug = data.value("rule", std::string());
      Range r;
      lsp::JsonPath path("diagnostic.range");
      if (slug.empty() || !diag.contains("range") || !lsp::fromJson(diag["range"], r, path)) continue;
      auto offset = lines.toOffset(text, r.start, encoding_);
      if (!offset) continue;
      const Edit edit = suppressionEdit(text, lines, *offset, slug);
      suppressions.push_back({{"title", "Suppress " + slug + " on this line"},
                              {"kind", "quickfix"},
                              {"diagnostics", json::array({diag})},
                              {"edit", {{"changes", {{uri, json::array({lsp::toTextEdit(view, edit)})}}}}}});
    }
    // Suppressions after the real fixes, so the menu leads with the fixes.
    for (json& s : suppressions) actions.push_back(std::move(s));
  }

  if (kindRequested(p.context.only, lsp::ext::kFixAllKind)) {
    auto edit = fixAllEdit(uri);
    if (!edit) {
      log::warn("fix all for " + uri + ": " + edit.error().describe());
    } else if (!edit->is_null()) {
      actions.push_back({{"title", "Fix all safe mlide issues"},
                         {"kind", lsp::ext::kFixAllKind},
                         {"edit", {{"changes", {{uri, json::array({*edit})}}}}}});
    }
  }
  reply.result(std::move(actions));
}

Expected<nlohmann::json> Server::fixAllEdit(const std::string& uri) {
  std::string original;
  if (!docs_.withDoc(uri, [&](const DocState& s) { original = s.doc.text(); })) {
    return makeError(ErrorCode::NotFound, "document is not open");
  }
  if (auto notebook = notebookOf(uri)) {
    auto fixed = fixedNotebookCell(*notebook, uri);
    if (!fixed) return fixed.takeError();
    return minimalTextEdit(original, *fixed, encoding_);
  }
  std::string current = original;
  py::Parser parser;
  // Fixes can enable other fixes (or make them moot): iterate to a fixed point, bounded.
  for (int round = 0; round < 10; ++round) {
    auto tree = parser.parse(std::make_shared<const std::string>(current));
    if (!tree) return tree.takeError();
    SourceFile file;
    file.uri = uri;
    if (auto path = uriToPath(uri)) file.path = *path;
    file.tree = *tree;
    std::vector<Edit> edits;
    for (auto& engine : engines_) {
      auto diags = engine->lint(file, {});
      if (!diags) return diags.takeError();
      addSafeFixes(*diags, edits);
    }
    if (edits.empty()) break;
    current = applyEdits(current, edits);
  }
  return minimalTextEdit(original, current, encoding_);
}

}  // namespace mlide::server
