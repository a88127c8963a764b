#include "plugins/checks/model/Ast.hpp"

#include <cctype>
#include <cstdlib>

namespace mlide::checks::ast {

Node unparen(Node n) {
  while (n && n.is("parenthesized_expression") && n.namedChildCount() == 1) n = n.namedChild(0);
  return n;
}

namespace {

// One `string` node: prefix letters, quotes, content. Escapes of quotes and backslashes are
// resolved (outside raw strings); other escapes are kept as written.
std::optional<std::string> singleString(Node n, std::string_view src) {
  std::string out;
  bool raw = false;
  for (std::uint32_t i = 0; i < n.namedChildCount(); ++i) {
    Node c = n.namedChild(i);
    if (c.is("interpolation")) return std::nullopt;
    if (c.is("string_start")) {
      for (char ch : c.text(src)) {
        if (ch == 'b' || ch == 'B' || ch == 'f' || ch == 'F') return std::nullopt;
        if (ch == 'r' || ch == 'R') raw = true;
      }
    }
    if (c.is("string_content")) {
      const std::string_view t = c.text(src);
      for (std::size_t k = 0; k < t.size(); ++k) {
        if (!raw && t[k] == '\\' && k + 1 < t.size() &&
            (t[k + 1] == '\\' || t[k + 1] == '\'' || t[k + 1] == '"')) {
          ++k;
        }
        out += t[k];
      }
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> stringValue(Node n, std::string_view src) {
  n = unparen(n);
  if (!n) return std::nullopt;
  if (n.is("string")) return singleString(n, src);
  if (n.is("concatenated_string")) {
    std::string out;
    for (Node c : n.namedChildren()) {
      auto part = singleString(c, src);
      if (!part) return std::nullopt;
      out += *part;
    }
    return out;
  }
  return std::nullopt;
}

std::optional<double> numberLiteral(Node n, std::string_view src) {
  n = unparen(n);
  if (!n) return std::nullopt;
  if (n.is("unary_operator")) {
    Node arg = n.field("argument");
    auto v = numberLiteral(arg, src);
    if (!v) return std::nullopt;
    const std::string_view op = n.child(0).text(src);
    if (op == "-") return -*v;
    if (op == "+") return *v;
    return std::nullopt;
  }
  if (!n.is("integer") && !n.is("float")) return std::nullopt;
  std::string digits;
  for (char c : n.text(src)) {
    if (c != '_') digits += c;
  }
  if (!digits.empty() && (digits.back() == 'j' || digits.back() == 'J')) return std::nullopt;
  if (!digits.empty() && (digits.back() == 'l' || digits.back() == 'L')) digits.pop_back();
  const char* begin = digits.c_str();
  char* end = nullptr;
  double value = 0;
  if (n.is("integer") && digits.size() > 2 && digits[0] == '0' && std::isalpha(static_cast<unsigned char>(digits[1]))) {
    const int base = (digits[1] == 'x' || digits[1] == 'X') ? 16 : (digits[1] == 'o' || digits[1] == 'O') ? 8 : 2;
    value = static_cast<double>(std::strtoll(begin + 2, &end, base));
  } else {
    value = std::strtod(begin, &end);
  }
  if (end != begin + digits.size()) return std::nullopt;
  return value;
}

std::optional<bool> boolLiteral(Node n) {
  n = unparen(n);
  if (n.is("true")) return true;
  if (n.is("false")) return false;
  return std::nullopt;
}

bool isNone(Node n) { return unparen(n).is("none"); }

std::string dottedName(Node n, std::string_view src) {
  n = unparen(n);
  if (n.is("identifier")) return std::string(n.text(src));
  if (n.is("attribute")) {
    std::string base = dottedName(n.field("object"), src);
    if (base.empty()) return {};
    return base + "." + std::string(n.field("attribute").text(src));
  }
  return {};
}

Node arguments(Node call) {
  Node a = call.field("arguments");
  return a.is("argument_list") ? a : Node{};
}

Node positional(Node call, std::size_t index) {
  Node args = arguments(call);
  if (!args) return {};
  std::size_t i = 0;
  for (std::uint32_t k = 0; k < args.namedChildCount(); ++k) {
    Node a = args.namedChild(k);
    if (a.is("keyword_argument") || a.is("dictionary_splat") || a.is("comment")) continue;
    if (a.is("list_splat")) return {};
    if (i == index) return a;
    ++i;
  }
  return {};
}

std::size_t positionalCount(Node call) {
  Node args = arguments(call);
  if (!args) return 0;
  std::size_t n = 0;
  for (Node a : args.namedChildren()) {
    if (!a.is("keyword_argument") && !a.is("dictionary_splat") && !a.is("comment")) ++n;
  }
  return n;
}

Node keywordArgument(Node call, std::string_view name, std::string_view src) {
  Node args = arguments(call);
  if (!args) return {};
  for (Node a : args.namedChildren()) {
    if (a.is("keyword_argument") && a.field("name").text(src) == name) return a;
  }
  return {};
}

Node keywordValue(Node call, std::string_view name, std::string_view src) {
  Node kw = keywordArgument(call, name, src);
  return kw ? kw.field("value") : Node{};
}

Node argument(Node call, std::size_t index, std::string_view name, std::string_view src) {
  if (Node v = keywordValue(call, name, src)) return v;
  if (index == std::string_view::npos) return {};
  return positional(call, index);
}

bool hasSplat(Node call) {
  Node args = arguments(call);
  if (!args) return true;
  for (Node a : args.namedChildren()) {
    if (a.is("list_splat") || a.is("dictionary_splat")) return true;
  }
  return false;
}

std::string_view methodName(Node call, std::string_view src) {
  Node f = call.field("function");
  if (f.is("attribute")) return f.field("attribute").text(src);
  return {};
}

Node receiver(Node call) {
  Node f = call.field("function");
  return f.is("attribute") ? f.field("object") : Node{};
}

Node ancestorOfType(Node n, std::string_view type) {
  for (; n; n = n.parent()) {
    if (n.is(type)) return n;
  }
  return {};
}

Node enclosingFunction(Node n) {
  for (n = n.parent(); n; n = n.parent()) {
    if (n.is("function_definition")) return n;
  }
  return {};
}

Node enclosingClass(Node n) {
  for (n = n.parent(); n; n = n.parent()) {
    if (n.is("class_definition")) return n;
  }
  return {};
}

bool contains(Node outer, Node inner) {
  return outer && inner && outer.begin() <= inner.begin() && inner.end() <= outer.end();
}

bool isStatement(Node n) {
  Node p = n.parent();
  return p && (p.is("block") || p.is("module")) && !n.is("comment");
}

Node statementOf(Node n) {
  for (; n; n = n.parent()) {
    if (isStatement(n)) return n;
  }
  return {};
}

std::size_t lineStart(std::string_view src, std::size_t offset) {
  if (offset > src.size()) offset = src.size();
  while (offset > 0 && src[offset - 1] != '\n' && src[offset - 1] != '\r') --offset;
  return offset;
}

std::size_t nextLineStart(std::string_view src, std::size_t offset) {
  while (offset < src.size() && src[offset] != '\n' && src[offset] != '\r') ++offset;
  if (offset < src.size() && src[offset] == '\r') ++offset;
  if (offset < src.size() && src[offset] == '\n') ++offset;
  return offset;
}

std::string indentAt(std::string_view src, std::size_t offset) {
  std::size_t b = lineStart(src, offset);
  std::size_t e = b;
  while (e < src.size() && (src[e] == ' ' || src[e] == '\t')) ++e;
  return std::string(src.substr(b, e - b));
}

std::string_view newlineOf(std::string_view src) {
  const std::size_t nl = src.find('\n');
  if (nl != std::string_view::npos && nl > 0 && src[nl - 1] == '\r') return "\r\n";
  return "\n";
}

}  // namespace mlide::checks::ast
