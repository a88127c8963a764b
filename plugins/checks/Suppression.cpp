#include "plugins/checks/Suppression.hpp"

#include <algorithm>
#include <cctype>

#include "plugins/checks/model/Ast.hpp"

namespace mlide::checks {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::size_t lineOf(std::string_view text, std::size_t offset) {
  std::size_t line = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
  }
  return line;
}

bool matches(const std::vector<std::string>& names, const Diag& d) {
  if (names.empty()) return true;
  for (const std::string& n : names) {
    if (n == d.rule) return true;
    if (n.size() == d.code.size() &&
        std::equal(n.begin(), n.end(), d.code.begin(), [](char a, char b) { return std::toupper(a) == std::toupper(b); })) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::vector<std::string>> parseSuppressionComment(std::string_view c, bool* file) {
  if (file) *file = false;
  c = trim(c);
  if (c.empty() || c.front() != '#') return std::nullopt;
  c = trim(c.substr(1));
  // The directive may follow other text: "# type: ignore  # mlide: ignore[x]" has its own '#'.
  const std::size_t at = c.find("mlide:");
  if (at == std::string_view::npos) return std::nullopt;
  if (at != 0 && c.substr(0, at).find('#') == std::string_view::npos) return std::nullopt;
  c = trim(c.substr(at + 6));
  bool isFile = false;
  if (c.substr(0, 11) == "ignore-file") {
    isFile = true;
    c = c.substr(11);
  } else if (c.substr(0, 6) == "ignore") {
    c = c.substr(6);
  } else {
    return std::nullopt;
  }
  if (file) *file = isFile;
  std::vector<std::string> names;
  c = trim(c);
  if (c.empty() || c.front() != '[') {
    // "ignore" followed by a word is not ours ("ignored"); followed by nothing or a comment is.
    if (!c.empty() && c.front() != '#' && !std::isspace(static_cast<unsigned char>(c.front()))) {
      if (std::isalnum(static_cast<unsigned char>(c.front())) || c.front() == '-' || c.front() == '_') return std::nullopt;
    }
    return names;
  }
  const std::size_t close = c.find(']');
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view list = c.substr(1, close - 1);
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view item = trim(list.substr(0, comma));
    if (!item.empty()) names.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (names.empty()) return std::nullopt;  // "ignore[]" suppresses nothing
  return names;
}

Suppressions Suppressions::parse(std::string_view text, const std::vector<py::Node>& comments) {
  Suppressions s;
  std::size_t line = 0;
  std::size_t scanned = 0;
  for (py::Node c : comments) {
    bool file = false;
    auto names = parseSuppressionComment(c.text(text), &file);
    if (!names) continue;
    if (file) {
      if (names->empty()) s.fileAll_ = true;
      s.file_.insert(s.file_.end(), names->begin(), names->end());
      continue;
    }
    // Count lines incrementally: comments come in document order.
    for (; scanned < c.begin(); ++scanned) {
      if (text[scanned] == '\n') ++line;
    }
    const std::size_t start = checks::ast::lineStart(text, c.begin());
    const bool ownLine = trim(text.substr(start, c.begin() - start)).empty();
    std::size_t target = line;
    if (ownLine) {
      // The next line that holds code.
      std::size_t pos = checks::ast::nextLineStart(text, c.begin());
      target = line + 1;
      while (pos < text.size()) {
        const std::size_t end = checks::ast::nextLineStart(text, pos);
        const std::string_view l = trim(text.substr(pos, end - pos));
        if (!l.empty() && l.front() != '#') break;
        pos = end;
        ++target;
      }
    }
    s.lines_.push_back({target, std::move(*names)});
  }
  return s;
}

bool Suppressions::suppressed(const Diag& d, std::string_view text) const {
  if (fileAll_ || (!file_.empty() && matches(file_, d))) return true;
  if (lines_.empty()) return false;
  const std::size_t line = lineOf(text, d.range.begin);
  for (const Entry& e : lines_) {
    if (e.line == line && matches(e.names, d)) return true;
  }
  return false;
}

std::optional<Edit> suppressionEdit(std::string_view text, const Diag& d) {
  const std::size_t start = checks::ast::lineStart(text, d.range.begin);
  std::size_t end = start;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
  const std::string_view line = text.substr(start, end - start);
  // An existing "# mlide: ignore[...]" on the line: add the slug to its list.
  const std::size_t at = line.find("mlide: ignore[");
  if (at != std::string_view::npos) {
    const std::size_t close = line.find(']', at);
    if (close != std::string_view::npos) {
      std::string_view list = line.substr(at + 14, close - at - 14);
      if (list.find(d.rule) != std::string_view::npos) return std::nullopt;
      return Edit::insertion(start + close, ", " + d.rule);
    }
  }
  if (line.find("mlide: ignore") != std::string_view::npos && line.find("mlide: ignore[") == std::string_view::npos &&
      line.find("mlide: ignore-file") == std::string_view::npos) {
    return std::nullopt;  // a bare ignore already covers every rule
  }
  return Edit::insertion(end, "  # mlide: ignore[" + d.rule + "]");
}

}  // namespace mlide::checks
