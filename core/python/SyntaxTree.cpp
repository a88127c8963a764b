#include "core/python/SyntaxTree.hpp"

#include <atomic>
#include <limits>
#include <thread>

extern "C" const TSLanguage* tree_sitter_python();

namespace mlide::py {

namespace {

// The visible children of `n` (what ts_node_child enumerates), with a cursor: O(children).
std::vector<Node> childrenOf(TSNode n, const SyntaxTree* tree, bool namedOnly) {
  std::vector<Node> out;
  if (ts_node_is_null(n)) return out;
  out.reserve(namedOnly ? ts_node_named_child_count(n) : ts_node_child_count(n));
  TSTreeCursor cursor = ts_tree_cursor_new(n);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const TSNode c = ts_tree_cursor_current_node(&cursor);
      if (!namedOnly || ts_node_is_named(c)) out.emplace_back(c, tree);
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

}  // namespace

std::vector<Node> Node::children() const { return childrenOf(n_, tree_, false); }
std::vector<Node> Node::namedChildren() const { return childrenOf(n_, tree_, true); }

SyntaxTree::SyntaxTree(TSTree* tree, std::shared_ptr<const std::string> text)
    : tree_(tree), text_(std::move(text)) {}

SyntaxTree::~SyntaxTree() { ts_tree_delete(tree_); }

Node SyntaxTree::parentOf(const Node& n) const {
  std::call_once(parentsOnce_, [this] { indexParents(); });
  auto it = parents_.find(n.raw().id);
  if (it == parents_.end()) return {};  // the root, or a node of another tree
  return Node(it->second, this);
}

void SyntaxTree::indexParents() const {
  // Depth-first over the visible nodes (those ts_node_child returns); `path` is the chain from
  // the root to the cursor's node, so its second-to-last entry is the node's parent.
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree_));
  std::vector<TSNode> path{ts_tree_cursor_current_node(&cursor)};
  parents_.reserve(text_->size() / 2);
  auto enter = [&] {
    const TSNode n = ts_tree_cursor_current_node(&cursor);
    parents_.emplace(n.id, path.back());
    path.push_back(n);
  };
  for (;;) {
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      enter();
      continue;
    }
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        path.pop_back();
        enter();
        break;
      }
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return;
      }
      path.pop_back();
    }
  }
}

std::size_t SyntaxTree::errorCount() const {
  std::size_t count = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree_));
  for (;;) {
    const TSNode n = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_missing(n) || std::string_view(ts_node_type(n)) == "ERROR") ++count;
    if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&cursor)) continue;
    bool moved = false;
    while (!moved) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        moved = true;
      } else if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return count;
      }
    }
  }
}

const TSLanguage* pythonLanguage() { return tree_sitter_python(); }

Parser::Parser() : parser_(ts_parser_new()) {
  // The grammar is ABI 14, which the 0.20.7 runtime accepts; a mismatch is a build error.
  const bool ok = ts_parser_set_language(parser_, pythonLanguage());
  (void)ok;
}

Parser::~Parser() { ts_parser_delete(parser_); }

Expected<std::shared_ptr<const SyntaxTree>> Parser::parse(std::shared_ptr<const std::string> text,
                                                          const CancellationToken& cancel) {
  return reparse(nullptr, {}, std::move(text), cancel);
}

Expected<std::shared_ptr<const SyntaxTree>> Parser::reparse(const SyntaxTree* previous,
                                                            const std::vector<AppliedEdit>& edits,
                                                            std::shared_ptr<const std::string> text,
                                                            const CancellationToken& cancel) {
  if (!ts_language_version(pythonLanguage()) || text->size() > std::numeric_limits<std::uint32_t>::max()) {
    return makeError(ErrorCode::Unsupported, "text too large to parse");
  }
  TSTree* old = nullptr;
  if (previous) {
    old = previous->copyRaw();
    for (const AppliedEdit& e : edits) {
      TSInputEdit in{};
      in.start_byte = static_cast<std::uint32_t>(e.startByte);
      in.old_end_byte = static_cast<std::uint32_t>(e.oldEndByte);
      in.new_end_byte = static_cast<std::uint32_t>(e.newEndByte);
      in.start_point = {static_cast<std::uint32_t>(e.start.line), static_cast<std::uint32_t>(e.start.column)};
      in.old_end_point = {static_cast<std::uint32_t>(e.oldEnd.line), static_cast<std::uint32_t>(e.oldEnd.column)};
      in.new_end_point = {static_cast<std::uint32_t>(e.newEnd.line), static_cast<std::uint32_t>(e.newEnd.column)};
      ts_tree_edit(old, &in);
    }
  }
  // tree-sitter polls this flag during parsing; a watcher is not needed because parses of
  // editor-sized files take milliseconds. We check the token before and after.
  if (cancel.cancelled()) {
    if (old) ts_tree_delete(old);
    return makeError(ErrorCode::Cancelled, "parse cancelled");
  }
  ts_parser_reset(parser_);
  TSTree* tree = ts_parser_parse_string(parser_, old, text->data(), static_cast<std::uint32_t>(text->size()));
  if (old) ts_tree_delete(old);
  if (!tree) return makeError(ErrorCode::Internal, "tree-sitter returned no tree");
  return std::make_shared<const SyntaxTree>(tree, std::move(text));
}

}  // namespace mlide::py
