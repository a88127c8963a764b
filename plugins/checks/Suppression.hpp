// Inline suppression comments.
//
//   x = Dropout(0.8)  # mlide: ignore[high-dropout]      this line, this rule (slug or code)
//   x = Dropout(0.8)  # mlide: ignore[ML301, lr-out-of-range]
//   x = Dropout(0.8)  # mlide: ignore                     this line, every rule
//   # mlide: ignore[missing-softmax]                      on its own line: the next code line
//   # mlide: ignore-file[seeds-not-set]                   anywhere: the whole file
//
// A finding is suppressed when a comment applies to the line its range starts on. Pure
// functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "core/python/SyntaxTree.hpp"

namespace mlide::checks {

class Suppressions {
 public:
  /// Reads the suppression comments among `comments` (comment nodes of the tree of `text`).
  static Suppressions parse(std::string_view text, const std::vector<py::Node>& comments);

  /// True if `d` (code and slug) is suppressed at its start line.
  bool suppressed(const Diag& d, std::string_view text) const;
  bool empty() const { return lines_.empty() && file_.empty() && !fileAll_; }

 private:
  struct Entry {
    std::size_t line;               // 0-based line the comment applies to
    std::vector<std::string> names; // empty: every rule
  };
  std::vector<Entry> lines_;
  std::vector<std::string> file_;
  bool fileAll_ = false;
};

/// The edit that suppresses `d` on its line: appends "  # mlide: ignore[slug]" at the line end,
/// or adds the slug to an `ignore[...]` comment already there. nullopt if the line already
/// suppresses it. Used by the LSP quick fix.
std::optional<Edit> suppressionEdit(std::string_view text, const Diag& d);

/// Parses the body of a comment: "# mlide: ignore[a, b]" -> {a, b}; "# mlide: ignore" -> {}.
/// nullopt when the comment is not a suppression. `file` is set for ignore-file.
std::optional<std::vector<std::string>> parseSuppressionComment(std::string_view comment, bool* file = nullptr);

}  // namespace mlide::checks
