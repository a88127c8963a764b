#include "plugins/checks/Fixes.hpp"

#include "plugins/checks/model/Ast.hpp"

namespace mlide::checks::fixes {

namespace {

// True if `n` is the first thing on its line.
bool startsLine(Node n, std::string_view src) {
  const std::size_t ls = ast::lineStart(src, n.begin());
  for (std::size_t i = ls; i < n.begin(); ++i) {
    if (src[i] != ' ' && src[i] != '\t') return false;
  }
  return true;
}

// The end of the line holding offset `end - 1` (before its newline).
std::size_t lineEnd(std::string_view src, std::size_t pos) {
  while (pos < src.size() && src[pos] != '\n' && src[pos] != '\r') ++pos;
  return pos;
}

// True if only blanks or a comment follow `n` on its last line.
bool endsLine(Node n, std::string_view src) {
  for (std::size_t i = n.end(); i < src.size() && src[i] != '\n' && src[i] != '\r'; ++i) {
    if (src[i] == '#') return true;
    if (src[i] != ' ' && src[i] != '\t') return false;
  }
  return true;
}

}  // namespace

Edit replace(Node n, std::string text) { return Edit{n.range(), std::move(text)}; }

std::optional<Edit> addArgument(Node call, std::string_view argument) {
  Node args = ast::arguments(call);
  if (!args) return std::nullopt;
  Node last;
  Node trailingComma;
  for (std::uint32_t i = 0; i < args.childCount(); ++i) {
    Node c = args.child(i);
    if (c.named() && !c.is("comment")) {
      last = c;
      trailingComma = Node{};
    } else if (c.type() == ",") {
      trailingComma = c;
    }
  }
  if (!last) return Edit::insertion(args.begin() + 1, std::string(argument));
  if (trailingComma) return Edit::insertion(trailingComma.end(), " " + std::string(argument) + ",");
  return Edit::insertion(last.end(), ", " + std::string(argument));
}

std::optional<Edit> removeElement(Node element, std::string_view src) {
  Node list = element.parent();
  if (!list) return std::nullopt;
  std::vector<Node> kids;
  for (std::uint32_t i = 0; i < list.childCount(); ++i) kids.push_back(list.child(i));
  std::size_t idx = kids.size();
  for (std::size_t i = 0; i < kids.size(); ++i) {
    if (kids[i] == element) idx = i;
  }
  if (idx == kids.size()) return std::nullopt;
  // Alone on its line (multi-line list): delete the whole line including the comma after it.
  std::size_t after = idx + 1;
  const bool commaAfter = after < kids.size() && kids[after].type() == ",";
  if (startsLine(element, src)) {
    Node lastTok = commaAfter ? kids[after] : element;
    if (endsLine(lastTok, src)) {
      const std::size_t b = ast::lineStart(src, element.begin());
      const std::size_t e = ast::nextLineStart(src, lastTok.end());
      // Keep a comment that follows on the line? It describes the deleted element: drop it too.
      return Edit::deletion({b, e});
    }
  }
  if (commaAfter) {
    // `a, b` -> delete "a, " up to the next element (or through the trailing comma).
    std::size_t end = kids[after].end();
    for (std::size_t j = after + 1; j < kids.size(); ++j) {
      if (kids[j].named() && !kids[j].is("comment")) {
        end = kids[j].begin();
        break;
      }
      if (!kids[j].named()) break;  // the closing bracket
    }
    return Edit::deletion({element.begin(), end});
  }
  // Last element: delete the comma before it.
  for (std::size_t i = idx; i-- > 0;) {
    if (kids[i].type() == ",") return Edit::deletion({kids[i].begin(), element.end()});
    if (kids[i].named() && !kids[i].is("comment")) break;
  }
  return Edit::deletion(element.range());
}

std::optional<Edit> removeArgument(Node argument, std::string_view src) { return removeElement(argument, src); }

std::optional<Edit> unwrapCall(Node call, std::string_view src) {
  Node arg = ast::positional(call, 0);
  if (!arg) return std::nullopt;
  return Edit::replacement(call.range(), std::string(arg.text(src)));
}

std::optional<Edit> insertLineBefore(Node stmt, std::string_view code, std::string_view src) {
  if (!startsLine(stmt, src)) return std::nullopt;
  const std::size_t ls = ast::lineStart(src, stmt.begin());
  return Edit::insertion(ls, ast::indentAt(src, stmt.begin()) + std::string(code) + std::string(ast::newlineOf(src)));
}

std::optional<Edit> insertLineAfter(Node stmt, std::string_view code, std::string_view src) {
  if (!startsLine(stmt, src) || !endsLine(stmt, src)) return std::nullopt;
  const std::size_t end = lineEnd(src, stmt.end());
  return Edit::insertion(end, std::string(ast::newlineOf(src)) + ast::indentAt(src, stmt.begin()) + std::string(code));
}

std::optional<Edit> insertAtBlockStart(Node block, std::string_view code, std::string_view src) {
  Node first;
  for (Node c : block.namedChildren()) {
    if (!c.is("comment")) {
      first = c;
      break;
    }
  }
  if (!first) return std::nullopt;
  return insertLineBefore(first, code, src);
}

std::optional<Edit> deleteStatement(Node stmt, std::string_view src) {
  if (!startsLine(stmt, src) || !endsLine(stmt, src)) return std::nullopt;
  Node block = stmt.parent();
  int statements = 0;
  for (Node c : block.namedChildren()) statements += c.is("comment") ? 0 : 1;
  const std::size_t b = ast::lineStart(src, stmt.begin());
  const std::size_t e = ast::nextLineStart(src, stmt.end());
  if (statements == 1 && block.is("block")) {
    return Edit::replacement({stmt.begin(), stmt.end()}, "pass");
  }
  return Edit::deletion({b, e});
}

std::optional<std::string> statementLines(Node stmt, std::string_view src) {
  if (!startsLine(stmt, src) || !endsLine(stmt, src)) return std::nullopt;
  const std::size_t b = ast::lineStart(src, stmt.begin());
  std::size_t e = ast::nextLineStart(src, stmt.end());
  std::string out(src.substr(b, e - b));
  if (out.empty() || out.back() != '\n') out += ast::newlineOf(src);
  return out;
}

std::string spell(const model::SemanticModel& m, std::string_view canonical) {
  return m.imports().spell(canonical);
}

}  // namespace mlide::checks::fixes
