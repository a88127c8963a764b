// Internal (byte offsets) -> LSP (positions in the negotiated encoding) conversion of
// diagnostics, edits and fixes. The only place that turns a Diag into JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "core/text/LineIndex.hpp"
#include "lsp-server/protocol/JsonParse.hpp"

namespace mlide::lsp {

/// The text a set of byte offsets refers to, with its line index.
struct TextView {
  std::string_view text;
  const LineIndex& lines;
  PositionEncoding encoding;

  Range range(ByteRange r) const {
    return {lines.toPosition(text, r.begin, encoding), lines.toPosition(text, r.end, encoding)};
  }
};

/// Which optional Diagnostic fields the client accepts.
struct DiagnosticFeatures {
  bool codeDescription = true;
  bool relatedInformation = true;
};

/// LSP TextEdit.
json toTextEdit(const TextView& view, const Edit& edit);

/// LSP Diagnostic. `uri` names the document for relatedInformation locations. The fixes travel
/// in `data` ({code, rule, fixes: [{title, applicability, edits: [TextEdit]}]}), so code actions
/// need no second lint.
json toLspDiagnostic(const TextView& view, const std::string& uri, const Diag& d, const DiagnosticFeatures& f);

}  // namespace mlide::lsp
