// Small, pure helpers over the tree-sitter Python tree that every part of the checks engine
// shares: call arguments, literals, statements, and the text positions fixes need.
//
// All functions take the document text (`src`) the tree was parsed from; nodes must belong to a
// tree built from that text. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/python/SyntaxTree.hpp"

namespace mlide::checks::ast {

using py::Node;

/// Strips parentheses: `((x))` -> `x`.
Node unparen(Node n);

/// The content of a plain string literal ('x', "x", r'x', u"x"; concatenated literals joined);
/// nullopt for f-strings with interpolations, bytes, or anything that is not a string.
/// Escape sequences other than \\, \', \" are kept as written.
std::optional<std::string> stringValue(Node n, std::string_view src);

/// The value of a numeric literal with optional unary +/- (`1e-3`, `-1_000`, `0x10`, `.5`).
std::optional<double> numberLiteral(Node n, std::string_view src);

/// True for the literal `True` / `False` / `None`.
std::optional<bool> boolLiteral(Node n);
bool isNone(Node n);

/// "a.b.c" for an identifier/attribute chain, "" for anything else (calls, subscripts, ...).
std::string dottedName(Node n, std::string_view src);

// ---- calls --------------------------------------------------------------------------------

/// The argument_list of a call, or a null node (e.g. `f(x for x in y)`).
Node arguments(Node call);
/// The i-th positional argument; null if absent or if a `*args` splat comes before it.
Node positional(Node call, std::size_t index);
/// Number of positional arguments (splats count as one each).
std::size_t positionalCount(Node call);
/// The keyword_argument node `name=...`, or null.
Node keywordArgument(Node call, std::string_view name, std::string_view src);
/// The value of `name=...`, or null.
Node keywordValue(Node call, std::string_view name, std::string_view src);
/// The value of keyword `name`, else positional `index` (npos: keyword only).
Node argument(Node call, std::size_t index, std::string_view name, std::string_view src);
/// True if the call passes `*args` or `**kwargs` (its arguments are then not fully known).
bool hasSplat(Node call);
/// `m` for a call `x.m(...)`; empty for other callees.
std::string_view methodName(Node call, std::string_view src);
/// `x` for a call `x.m(...)`; null for other callees.
Node receiver(Node call);

// ---- structure ----------------------------------------------------------------------------

/// The nearest ancestor (or `n` itself) of kind `type`; null if none.
Node ancestorOfType(Node n, std::string_view type);
/// The nearest enclosing function_definition (not `n` itself); null at module level.
Node enclosingFunction(Node n);
/// The nearest enclosing class_definition; null if none.
Node enclosingClass(Node n);
/// True if `inner` lies within `outer` (inclusive).
bool contains(Node outer, Node inner);
/// The statement that directly holds `n` in a block or module (`n` itself when it is one).
Node statementOf(Node n);
/// True for nodes that are statements (children of module/block).
bool isStatement(Node n);
/// Calls `fn(node)` for every node below `root` in document order, without descending into
/// nested function, class and lambda definitions. `fn` returns false to skip a subtree.
template <typename Fn>
void forEachInBody(Node root, Fn&& fn);

// ---- text positions (for fixes) -----------------------------------------------------------

/// Byte offset of the start of the line containing `offset`.
std::size_t lineStart(std::string_view src, std::size_t offset);
/// Byte offset just past the newline ending the line containing `offset` (or src.size()).
std::size_t nextLineStart(std::string_view src, std::size_t offset);
/// The leading whitespace of the line containing `offset`.
std::string indentAt(std::string_view src, std::size_t offset);
/// The line terminator the document uses ("\r\n" or "\n").
std::string_view newlineOf(std::string_view src);

template <typename Fn>
void forEachInBody(Node root, Fn&& fn) {
  // Iterative pre-order walk: deep expression nesting must not overflow the stack.
  std::vector<Node> stack;
  auto pushChildren = [&stack](Node n) {
    const std::vector<Node> kids = n.namedChildren();
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  };
  pushChildren(root);
  while (!stack.empty()) {
    Node n = stack.back();
    stack.pop_back();
    const std::string_view t = n.type();
    if (t == "function_definition" || t == "class_definition" || t == "lambda" ||
        t == "decorated_definition") {
      continue;
    }
    if (!fn(n)) continue;
    pushChildren(n);
  }
}

}  // namespace mlide::checks::ast
