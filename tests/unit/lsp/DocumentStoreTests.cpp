// The server's open documents: open/close, snapshots, and which analysis results are kept.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/python/SyntaxTree.hpp"
#include "lsp-server/server/DocumentStore.hpp"

namespace mlide::server {
namespace {

Document doc(const std::string& uri, std::int64_t version, std::string text) {
  return Document(uri, "python", version, std::move(text));
}

std::shared_ptr<const py::SyntaxTree> parse(const std::string& text) {
  py::Parser parser;
  auto tree = parser.parse(std::make_shared<const std::string>(text));
  EXPECT_TRUE(tree.ok());
  return tree.ok() ? *tree : nullptr;
}

TEST(DocumentStore, OpenReplacesAndCloseForgets) {
  DocumentStore store;
  store.open(doc("file:///w/a.py", 1, "a = 1\n"));
  store.open(doc("file:///w/b.py", 1, "b = 1\n"));
  store.open(doc("file:///w/a.py", 7, "a = 2\n"));  // reopened: the new text and version win
  EXPECT_EQ(store.size(), 2u);
  EXPECT_EQ(store.uris(), (std::vector<std::string>{"file:///w/a.py", "file:///w/b.py"}));
  auto snap = store.snapshot("file:///w/a.py");
  ASSERT_TRUE(snap.has_value());
  EXPECT_EQ(snap->version, 7);
  EXPECT_EQ(*snap->text, "a = 2\n");
  EXPECT_TRUE(store.close("file:///w/a.py"));
  EXPECT_FALSE(store.close("file:///w/a.py"));
  EXPECT_FALSE(store.contains("file:///w/a.py"));
  EXPECT_FALSE(store.snapshot("file:///w/a.py").has_value());
  EXPECT_FALSE(store.withDoc("file:///w/a.py",
                             [](const DocState&) { ADD_FAILURE() << "called for a closed doc"; }));
}

TEST(DocumentStore, SnapshotIsACopyThatLaterEditsDoNotChange) {
  DocumentStore store;
  store.open(doc("file:///w/a.py", 1, "x = 1\n"));
  auto before = store.snapshot("file:///w/a.py");
  ASSERT_TRUE(before.has_value());
  store.withDoc("file:///w/a.py", [](DocState& s) {
    auto applied = s.doc.apply(ContentChange{Range{{0, 4}, {0, 5}}, "42"}, PositionEncoding::Utf16);
    ASSERT_TRUE(applied.ok());
    s.doc.setVersion(2);
    s.pendingEdits.emplace_back(2, *applied);
  });
  EXPECT_EQ(*before->text, "x = 1\n");
  EXPECT_EQ(before->version, 1);
  auto after = store.snapshot("file:///w/a.py");
  EXPECT_EQ(*after->text, "x = 42\n");
  EXPECT_EQ(after->version, 2);
  ASSERT_EQ(after->editsSincePreviousTree.size(), 1u);
  EXPECT_EQ(after->editsSincePreviousTree[0].startByte, 4u);
  EXPECT_EQ(after->editsSincePreviousTree[0].newEndByte, 6u);
}

TEST(DocumentStore, ALintResultForAnOlderVersionIsDropped) {
  DocumentStore store;
  store.open(doc("file:///w/a.py", 3, "x = 1\n"));
  auto text = std::make_shared<const std::string>("x = 1\n");
  Diag d;
  d.code = "ML999";
  LintResult stale{2, text, std::make_shared<LineIndex>(*text), {d}};
  EXPECT_FALSE(store.storeLint("file:///w/a.py", stale));
  LintResult current{3, text, std::make_shared<LineIndex>(*text), {d}};
  EXPECT_TRUE(store.storeLint("file:///w/a.py", current));
  EXPECT_FALSE(store.storeLint("file:///w/closed.py", current));
  std::int64_t version = -1;
  std::size_t count = 0;
  store.withDoc("file:///w/a.py", [&](const DocState& s) {
    version = s.lint.version;
    count = s.lint.diags.size();
  });
  EXPECT_EQ(version, 3);
  EXPECT_EQ(count, 1u);
}

TEST(DocumentStore, ANewerTreeReplacesTheOldOneAndForgetsTheEditsItIncludes) {
  DocumentStore store;
  const std::string uri = "file:///w/a.py";
  store.open(doc(uri, 1, "x = 1\n"));
  store.withDoc(uri, [](DocState& s) {
    s.pendingEdits.emplace_back(2, AppliedEdit{});
    s.pendingEdits.emplace_back(3, AppliedEdit{});
  });
  auto v2 = parse("x = 2\n");
  store.storeTree(uri, 2, v2);
  auto snap = store.snapshot(uri);
  EXPECT_EQ(snap->previousTree, v2);
  EXPECT_EQ(snap->editsSincePreviousTree.size(), 1u);  // only version 3's edit is still pending
  // A slower analysis of an older version must not replace the newer tree.
  store.storeTree(uri, 1, parse("x = 1\n"));
  EXPECT_EQ(store.snapshot(uri)->previousTree, v2);
  store.storeTree("file:///w/closed.py", 9, parse("y = 1\n"));  // ignored, no crash
  EXPECT_FALSE(store.contains("file:///w/closed.py"));
}

TEST(DocumentStore, FindsTheOpenDocumentForAPath) {
  DocumentStore store;
  store.open(doc("file:///w/my%20dir/a.py", 1, ""));
  store.open(doc("untitled:Untitled-1", 1, ""));
  EXPECT_EQ(store.uriForPath("/w/my dir/a.py"),
            std::optional<std::string>("file:///w/my%20dir/a.py"));
  EXPECT_FALSE(store.uriForPath("/w/other.py").has_value());
}

}  // namespace
}  // namespace mlide::server
