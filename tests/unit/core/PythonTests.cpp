#include <gtest/gtest.h>

#include "core/python/Notebook.hpp"
#include "core/python/SyntaxTree.hpp"

namespace mlide::py {
namespace {

std::shared_ptr<const std::string> text(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

TEST(SyntaxTree, ParsesPythonWithTheGrammar) {
  Parser p;
  auto tree = p.parse(text("import torch.nn as nn\nmodel = nn.Linear(4, 2)\n"));
  ASSERT_TRUE(tree.ok());
  const Node root = (*tree)->root();
  EXPECT_EQ(root.type(), "module");
  EXPECT_EQ(root.namedChildCount(), 2u);
  const Node assign = root.namedChild(1).namedChild(0);
  ASSERT_EQ(assign.type(), "assignment");
  const Node call = assign.field("right");
  EXPECT_EQ(call.type(), "call");
  EXPECT_EQ(call.field("function").text((*tree)->text()), "nn.Linear");
  EXPECT_EQ((*tree)->errorCount(), 0u);
}

TEST(SyntaxTree, IndexedParentsAgreeWithTreeSitter) {
  Parser p;
  // Valid code, a syntax error, comments and anonymous tokens: every node's parent() (indexed)
  // must be what tree-sitter's own ts_node_parent answers, after an incremental re-parse too.
  const std::string src =
      "import torch\nclass Net(nn.Module):\n    def forward(self, x):  # c\n        return F.relu(x[0] + 1)\n"
      "def broken(:\n    pass\nfor i in range(3):\n    loss = crit(model(x), y); loss.backward()\n";
  auto tree = p.parse(text(src));
  ASSERT_TRUE(tree.ok());
  auto edited = text("import torch\n\n" + src.substr(std::string("import torch\n").size()));
  auto again = p.reparse(tree->get(), {AppliedEdit{13, 13, 14, {1, 0}, {1, 0}, {2, 0}}}, edited);
  ASSERT_TRUE(again.ok());
  for (const auto& t : {*tree, *again}) {
    std::size_t checked = 0;
    std::vector<Node> todo{t->root()};
    EXPECT_TRUE(t->root().parent().null());
    while (!todo.empty()) {
      const Node n = todo.back();
      todo.pop_back();
      for (std::uint32_t i = 0; i < n.childCount(); ++i) {
        const Node c = n.child(i);
        // (tree-sitter's own walk is unreliable for zero-width MISSING tokens; the index is not.)
        if (c.begin() < c.end()) {
          EXPECT_TRUE(c.parent() == Node(ts_node_parent(c.raw()))) << c.type() << " at " << c.begin();
        }
        EXPECT_TRUE(c.parent() == n) << c.type() << " at " << c.begin();
        todo.push_back(c);
        ++checked;
      }
    }
    EXPECT_GT(checked, 50u);
  }
}

TEST(SyntaxTree, ReportsSyntaxErrors) {
  Parser p;
  auto tree = p.parse(text("def f(:\n  return\n"));
  ASSERT_TRUE(tree.ok());
  EXPECT_GT((*tree)->errorCount(), 0u);
}

TEST(SyntaxTree, IncrementalReparseMatchesAFullParse) {
  Parser p;
  Document doc("file:///a.py", "python", 1, "x = 1\ny = foo(2)\n");
  auto first = p.parse(text(doc.text()));
  ASSERT_TRUE(first.ok());
  std::vector<AppliedEdit> edits;
  edits.push_back(*doc.apply({Range{{1, 8}, {1, 9}}, "3, k=4"}, PositionEncoding::Utf16));
  edits.push_back(*doc.apply({Range{{0, 0}, {0, 0}}, "import os\n"}, PositionEncoding::Utf16));
  auto incremental = p.reparse(first->get(), edits, text(doc.text()));
  Parser fresh;
  auto full = fresh.parse(text(doc.text()));
  ASSERT_TRUE(incremental.ok() && full.ok());
  char* a = ts_node_string((*incremental)->root().raw());
  char* b = ts_node_string((*full)->root().raw());
  EXPECT_STREQ(a, b);
  free(a);
  free(b);
}

TEST(SyntaxTree, CancelledParse) {
  Parser p;
  CancellationSource src;
  src.cancel();
  auto tree = p.parse(text("x = 1\n"), src.token());
  ASSERT_FALSE(tree.ok());
  EXPECT_EQ(tree.error().code, ErrorCode::Cancelled);
}

constexpr const char* kNotebook = R"nb({
 "cells": [
  {"cell_type": "markdown", "source": ["# Title\n"], "metadata": {}},
  {"cell_type": "code", "id": "a", "source": ["%matplotlib inline\n", "import torch\n"], "metadata": {}, "outputs": []},
  {"cell_type": "code", "id": "b", "source": "x = torch.zeros(3)", "metadata": {}, "outputs": []}
 ],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 5
})nb";

TEST(Notebook, VirtualDocumentKeepsOffsetsOfEveryCell) {
  auto nb = Notebook::fromIpynb(kNotebook);
  ASSERT_TRUE(nb.ok()) << nb.error().message;
  EXPECT_EQ(nb->text(), "#matplotlib inline\nimport torch\n\nx = torch.zeros(3)\n");
  const std::size_t x = nb->text().find("x = ");
  auto where = nb->toCell(x);
  ASSERT_TRUE(where.has_value());
  EXPECT_EQ(where->cell, 2u);
  EXPECT_EQ(where->offset, 0u);
  EXPECT_EQ(nb->toVirtual(2, 4), x + 4);
  // The virtual text parses as one module.
  Parser p;
  auto tree = p.parse(text(nb->text()));
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ((*tree)->errorCount(), 0u);
}

TEST(Notebook, EditsGoBackIntoTheirCells) {
  auto nb = Notebook::fromIpynb(kNotebook);
  ASSERT_TRUE(nb.ok());
  const std::size_t z = nb->text().find("zeros");
  ASSERT_TRUE(nb->applyVirtualEdits({Edit::replacement({z, z + 5}, "ones")}).ok());
  EXPECT_EQ(nb->cells()[2].source, "x = torch.ones(3)");
  EXPECT_EQ(nb->cells()[1].source, "%matplotlib inline\nimport torch\n");  // magic kept
  const std::string out = nb->toIpynb(kNotebook);
  auto again = Notebook::fromIpynb(out);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->cells()[2].source, "x = torch.ones(3)");
  // An edit spanning two cells is refused.
  const std::size_t end = nb->text().size();
  EXPECT_FALSE(nb->applyVirtualEdits({Edit::deletion({0, end})}).ok());
}

TEST(Notebook, BrokenNotebooksGiveClearErrors) {
  auto notJson = Notebook::fromIpynb("{\"cells\": [");
  ASSERT_FALSE(notJson.ok());
  EXPECT_EQ(notJson.error().code, ErrorCode::ParseError);
  EXPECT_NE(notJson.error().message.find("not valid JSON"), std::string::npos);
  EXPECT_FALSE(Notebook::fromIpynb("{\"metadata\": {}}").ok());
  auto badSource = Notebook::fromIpynb(R"({"cells": [{"cell_type": "code", "source": [1, 2]}]})");
  ASSERT_FALSE(badSource.ok());
  EXPECT_NE(badSource.error().message.find("cell 1"), std::string::npos);
}

TEST(Notebook, CellMagicsAreCommentedOut) {
  EXPECT_EQ(neutralizeMagics("%%bash\nls -l\n"), "#%bash\n#s -l\n");
  EXPECT_EQ(neutralizeMagics("%%time\nx = 1\n"), "#%time\nx = 1\n");
  EXPECT_EQ(neutralizeMagics("  !pip install x\ny = 2"), "  #pip install x\ny = 2");
}

}  // namespace
}  // namespace mlide::py
