// textDocument/hover: on a finding, its message, the rule's explanation, and any fix that is
// shown as a snippet rather than applied.
#include "lsp-server/protocol/Convert.hpp"
#include "lsp-server/protocol/Protocol.hpp"
#include "lsp-server/server/Server.hpp"
#include "plugins/checks/dynamic/RulePages.hpp"

namespace mlide::server {

using lsp::RpcCode;

void Server::onHover(const json& params, lsp::ReplyOnce reply) {
  lsp::TextDocumentPositionParams p;
  if (auto err = lsp::parseParams(params, p)) {
    reply.error(RpcCode::InvalidParams, *err);
    return;
  }
  LintResult lint;
  if (!docs_.withDoc(p.textDocument.uri, [&](const DocState& s) { lint = s.lint; })) {
    reply.error(RpcCode::InvalidParams, "document is not open: " + p.textDocument.uri);
    return;
  }
  if (!lint.text) {
    reply.result(nullptr);
    return;
  }
  auto offset = lint.lines->toOffset(*lint.text, p.position, encoding_);
  if (!offset) {
    reply.error(RpcCode::InvalidParams, offset.error().message);
    return;
  }
  std::string markdown;
  std::optional<ByteRange> hit;
  for (const Diag& d : lint.diags) {
    if (*offset < d.range.begin || *offset > d.range.end) continue;
    if (!markdown.empty()) markdown += "\n\n---\n\n";
    markdown += "**" + d.message + "**\n\n`" + d.code + "` · `" + d.rule + "` · mlide (" + severityTitle(d.severity) + ")";
    for (const Fix& fix : d.fixes) {
      if (fix.applicability != Applicability::DisplayOnly) continue;
      markdown += "\n\n*Suggested change, to review before use:* " + fix.title;
      for (const Edit& e : fix.edits) markdown += "\n\n```python\n" + e.content + "\n```";
    }
    // The catalogue's page (static and training-time documentation), else the engine's own.
    std::optional<std::string> doc = training::rulePage(d.code);
    for (const auto& engine : engines_) {
      if (doc) break;
      doc = engine->documentation(d.code);
    }
    if (doc) markdown += "\n\n" + *doc;
    hit = hit ? ByteRange{std::min(hit->begin, d.range.begin), std::max(hit->end, d.range.end)} : d.range;
  }
  if (markdown.empty()) {
    reply.result(nullptr);
    return;
  }
  const lsp::TextView view{*lint.text, *lint.lines, encoding_};
  reply.result({{"contents", {{"kind", "markdown"}, {"value", markdown}}}, {"range", lsp::toJson(view.range(*hit))}});
}

}  // namespace mlide::server
