#include "core/diag/Diagnostic.hpp"

#include <algorithm>

namespace mlide {

const char* applicabilityName(Applicability a) {
  switch (a) {
    case Applicability::DisplayOnly: return "display-only";
    case Applicability::Unsafe: return "unsafe";
    case Applicability::Safe: return "safe";
  }
  return "unsafe";
}

const char* severityName(Severity s) {
  switch (s) {
    case Severity::Critical: return "critical";
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
    case Severity::Hint: return "hint";
  }
  return "warning";
}

const char* severityTitle(Severity s) {
  switch (s) {
    case Severity::Critical: return "Critical";
    case Severity::Error: return "Error";
    case Severity::Warning: return "Warning";
    case Severity::Info: return "Info";
    case Severity::Hint: return "Hint";
  }
  return "Warning";
}

bool normalizeEdits(std::vector<Edit>& edits) {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const Edit& a, const Edit& b) { return a.range.begin < b.range.begin; });
  for (std::size_t i = 1; i < edits.size(); ++i) {
    if (edits[i].range.begin < edits[i - 1].range.end) return false;
  }
  return true;
}

std::string applyEdits(const std::string& text, const std::vector<Edit>& edits) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (const Edit& e : edits) {
    const std::size_t b = std::min(e.range.begin, text.size());
    const std::size_t en = std::min(e.range.end, text.size());
    if (b < pos) continue;  // overlapping; callers normalise first
    out.append(text, pos, b - pos);
    out.append(e.content);
    pos = en;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

std::size_t addSafeFixes(const std::vector<Diag>& diags, std::vector<Edit>& edits,
                         const std::function<bool(const Fix&)>& accept) {
  std::size_t added = 0;
  for (const Diag& d : diags) {
    auto fix = std::find_if(d.fixes.begin(), d.fixes.end(),
                            [](const Fix& f) { return f.applicability == Applicability::Safe; });
    if (fix == d.fixes.end() || (accept && !accept(*fix))) continue;
    std::vector<Edit> candidate = edits;
    candidate.insert(candidate.end(), fix->edits.begin(), fix->edits.end());
    if (normalizeEdits(candidate)) {  // an overlapping fix waits for the next round
      edits = std::move(candidate);
      ++added;
    }
  }
  return added;
}

std::optional<Diag> mapRanges(Diag d,
                              const std::function<std::optional<ByteRange>(ByteRange)>& map) {
  auto range = map(d.range);
  if (!range) return std::nullopt;
  d.range = *range;
  std::vector<RelatedInfo> related;
  for (RelatedInfo& r : d.related) {
    if (auto m = map(r.range)) related.push_back({*m, std::move(r.message)});
  }
  d.related = std::move(related);
  std::vector<Fix> fixes;
  for (Fix& fix : d.fixes) {
    bool ok = true;
    for (Edit& e : fix.edits) {
      auto m = map(e.range);
      if (!m) {
        ok = false;
        break;
      }
      e.range = *m;
    }
    if (ok) fixes.push_back(std::move(fix));
  }
  d.fixes = std::move(fixes);
  return d;
}

}  // namespace mlide
