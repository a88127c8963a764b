// tree-sitter Python parsing: an owning SyntaxTree, a Parser with incremental re-parse, and a
// small Node wrapper. tree-sitter types stay behind this header's opaque handles where possible;
// rules use Node.
//
// Thread-safety: a SyntaxTree is immutable once built and may be read from several threads (its
// nodes too). A Parser is single-threaded; use one per thread or per document.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

#include "core/diag/Diagnostic.hpp"
#include "core/support/Cancellation.hpp"
#include "core/support/Expected.hpp"
#include "core/text/Document.hpp"

namespace mlide::py {

class SyntaxTree;

/// A non-owning view of a tree-sitter node. Valid while its SyntaxTree lives. Nodes reached
/// from SyntaxTree::root() know their tree, so parent() is a lookup instead of tree-sitter's
/// walk down from the root (which costs a scan of every top-level statement per call).
class Node {
 public:
  Node() : n_{} {}
  explicit Node(TSNode n, const SyntaxTree* tree = nullptr) : n_(n), tree_(tree) {}

  bool null() const { return ts_node_is_null(n_); }
  explicit operator bool() const { return !null(); }
  /// Grammar node kind: "call", "identifier", "keyword_argument", ...
  std::string_view type() const { return null() ? std::string_view{} : ts_node_type(n_); }
  bool is(std::string_view t) const { return type() == t; }
  bool named() const { return ts_node_is_named(n_); }
  bool hasError() const { return ts_node_has_error(n_); }
  bool isError() const { return !null() && (ts_node_is_missing(n_) || type() == "ERROR"); }

  std::size_t begin() const { return ts_node_start_byte(n_); }
  std::size_t end() const { return ts_node_end_byte(n_); }
  ByteRange range() const { return {begin(), end()}; }
  std::size_t line() const { return ts_node_start_point(n_).row; }

  Node parent() const;  // defined after SyntaxTree
  std::uint32_t childCount() const { return ts_node_child_count(n_); }
  std::uint32_t namedChildCount() const { return ts_node_named_child_count(n_); }
  Node child(std::uint32_t i) const { return Node(ts_node_child(n_, i), tree_); }
  Node namedChild(std::uint32_t i) const { return Node(ts_node_named_child(n_, i), tree_); }
  Node field(std::string_view name) const {
    return Node(ts_node_child_by_field_name(n_, name.data(), static_cast<std::uint32_t>(name.size())), tree_);
  }
  Node nextNamed() const { return Node(ts_node_next_named_sibling(n_), tree_); }
  Node prevNamed() const { return Node(ts_node_prev_named_sibling(n_), tree_); }
  /// Children in order (named and anonymous / named only), in one pass: child(i) walks from the
  /// first child in tree-sitter, so a loop over child(i) is quadratic in wide nodes (a module).
  std::vector<Node> children() const;
  std::vector<Node> namedChildren() const;

  std::string_view text(std::string_view source) const {
    return source.substr(begin(), end() - begin());
  }
  const TSNode& raw() const { return n_; }
  friend bool operator==(const Node& a, const Node& b) { return ts_node_eq(a.n_, b.n_); }

 private:
  TSNode n_;
  const SyntaxTree* tree_ = nullptr;  // null: parent() asks tree-sitter
};

/// An owned tree-sitter tree plus the exact text it was parsed from.
class SyntaxTree {
 public:
  SyntaxTree(TSTree* tree, std::shared_ptr<const std::string> text);
  ~SyntaxTree();
  SyntaxTree(const SyntaxTree&) = delete;
  SyntaxTree& operator=(const SyntaxTree&) = delete;

  Node root() const { return Node(ts_tree_root_node(tree_), this); }
  /// The parent of a node of this tree (null for the root). The first call indexes every node's
  /// parent in one traversal; thread-safe.
  Node parentOf(const Node& n) const;
  const std::string& text() const { return *text_; }
  std::shared_ptr<const std::string> sharedText() const { return text_; }
  /// A copy of the raw tree for incremental re-parsing (the caller owns it).
  TSTree* copyRaw() const { return ts_tree_copy(tree_); }
  /// Counts ERROR and MISSING nodes.
  std::size_t errorCount() const;

 private:
  void indexParents() const;

  TSTree* tree_;
  std::shared_ptr<const std::string> text_;
  mutable std::once_flag parentsOnce_;
  mutable std::unordered_map<const void*, TSNode> parents_;  // node id -> parent; written once
};

inline Node Node::parent() const {
  if (null()) return {};
  return tree_ ? tree_->parentOf(*this) : Node(ts_node_parent(n_));
}

/// The Python grammar (tree-sitter-python, ABI 14).
const TSLanguage* pythonLanguage();

/// Parses Python. Keeps the previous tree so edits re-parse incrementally.
/// Not thread-safe.
class Parser {
 public:
  Parser();
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  /// Parses `text` from scratch.
  Expected<std::shared_ptr<const SyntaxTree>> parse(std::shared_ptr<const std::string> text,
                                                    const CancellationToken& cancel = {});

  /// Re-parses `text`, reusing `previous` after applying `edits` (which transformed
  /// previous->text() into `text`). With no previous tree this is a full parse.
  Expected<std::shared_ptr<const SyntaxTree>> reparse(const SyntaxTree* previous,
                                                      const std::vector<AppliedEdit>& edits,
                                                      std::shared_ptr<const std::string> text,
                                                      const CancellationToken& cancel = {});

 private:
  TSParser* parser_;
};

}  // namespace mlide::py
