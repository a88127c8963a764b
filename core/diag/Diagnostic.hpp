// Findings, edits and fixes in byte offsets. Engines produce these; only the protocol layer
// turns them into LSP positions in the negotiated encoding.
#pragma once

#include <cassert>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mlide {

/// Half-open byte range [begin, end) in a document's UTF-8 text.
struct ByteRange {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool empty() const { return begin == end; }
  bool contains(std::size_t off) const { return begin <= off && off < end; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

/// Replace `range` with `content`. Use the named constructors.
struct Edit {
  ByteRange range;
  std::string content;

  static Edit deletion(ByteRange r) { return {r, {}}; }
  static Edit insertion(std::size_t at, std::string text) {
    assert(!text.empty());
    return {{at, at}, std::move(text)};
  }
  static Edit replacement(ByteRange r, std::string text) {
    assert(!text.empty());
    return {r, std::move(text)};
  }
  friend bool operator==(const Edit&, const Edit&) = default;
};

/// How confident a fix is that it keeps the program's meaning intact.
enum class Applicability {
  /// Shown to the user as a code snippet; never applied automatically (it may be incomplete or
  /// need the user to choose values).
  DisplayOnly,
  /// Changes behaviour in a way the user must review (e.g. a different loss); offered as a quick
  /// fix but never preferred, never applied by "fix all".
  Unsafe,
  /// Keeps the intent and makes the code correct; the preferred quick fix, applied by "fix all"
  /// and `mlide check --fix`.
  Safe,
};

const char* applicabilityName(Applicability a);

struct Fix {
  std::string title;
  Applicability applicability = Applicability::Unsafe;
  std::vector<Edit> edits;  // sorted by range.begin, non-overlapping
};

/// Umlaut's qualifiers, plus the two informational LSP levels for weaker heuristics.
enum class Severity { Critical, Error, Warning, Info, Hint };

const char* severityName(Severity s);  // "critical", "error", ...
const char* severityTitle(Severity s);  // "Critical", "Error", ...

/// Another place in the same document that explains the finding (e.g. the loss line).
struct RelatedInfo {
  ByteRange range;
  std::string message;
};

struct Diag {
  ByteRange range;
  Severity severity = Severity::Warning;
  std::string code;     // stable rule code, "ML101"
  std::string rule;     // slug, "missing-softmax"
  std::string source = "mlide";
  std::string message;  // one line: qualifier, title, why
  std::string docUrl;   // rule page, empty if none
  std::vector<RelatedInfo> related;
  std::vector<Fix> fixes;  // alternatives; at most one is applied
  bool unnecessary = false;  // LSP DiagnosticTag.Unnecessary (faded code)
};

/// Sorts edits and checks that they do not overlap. Returns false on overlap.
bool normalizeEdits(std::vector<Edit>& edits);

/// Applies sorted, non-overlapping edits to `text`.
std::string applyEdits(const std::string& text, const std::vector<Edit>& edits);

/// For "fix all": adds the first safe fix of each of `diags` to `edits`, unless `accept` (when
/// given) rejects that fix or it overlaps the edits already taken; `edits` stays sorted and
/// non-overlapping (normalizeEdits). Returns how many fixes were added.
std::size_t addSafeFixes(const std::vector<Diag>& diags, std::vector<Edit>& edits,
                         const std::function<bool(const Fix&)>& accept = nullptr);

/// `d` with every range passed through `map` (e.g. into another text): nullopt when its own
/// range does not map; a related location that does not map is dropped, and a fix is kept only
/// if all of its edits map.
std::optional<Diag> mapRanges(Diag d,
                              const std::function<std::optional<ByteRange>(ByteRange)>& map);

}  // namespace mlide
