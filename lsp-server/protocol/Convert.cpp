#include "lsp-server/protocol/Convert.hpp"

#include "lsp-server/protocol/Protocol.hpp"

namespace mlide::lsp {
namespace {

LspSeverity lspSeverity(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::Error:
      return LspSeverity::Error;
    case Severity::Warning:
      return LspSeverity::Warning;
    case Severity::Info:
      return LspSeverity::Information;
    case Severity::Hint:
      return LspSeverity::Hint;
  }
  return LspSeverity::Warning;
}

}  // namespace

json toTextEdit(const TextView& view, const Edit& edit) {
  return json{{"range", toJson(view.range(edit.range))}, {"newText", edit.content}};
}

json toLspDiagnostic(const TextView& view, const std::string& uri, const Diag& d, const DiagnosticFeatures& f) {
  json out{
      {"range", toJson(view.range(d.range))},
      {"severity", static_cast<int>(lspSeverity(d.severity))},
      {"source", d.source},
      {"message", d.message},
  };
  if (!d.code.empty()) out["code"] = d.code;
  if (f.codeDescription && !d.docUrl.empty()) out["codeDescription"] = {{"href", d.docUrl}};
  if (d.unnecessary) out["tags"] = json::array({1});
  if (f.relatedInformation && !d.related.empty()) {
    json rel = json::array();
    for (const RelatedInfo& r : d.related) {
      rel.push_back({{"location", {{"uri", uri}, {"range", toJson(view.range(r.range))}}}, {"message", r.message}});
    }
    out["relatedInformation"] = std::move(rel);
  }
  json fixes = json::array();
  for (const Fix& fix : d.fixes) {
    json edits = json::array();
    for (const Edit& e : fix.edits) edits.push_back(toTextEdit(view, e));
    fixes.push_back({{"title", fix.title}, {"applicability", applicabilityName(fix.applicability)}, {"edits", edits}});
  }
  out["data"] = {{"code", d.code}, {"rule", d.rule}, {"severity", severityName(d.severity)}, {"fixes", fixes}};
  return out;
}

}  // namespace mlide::lsp
