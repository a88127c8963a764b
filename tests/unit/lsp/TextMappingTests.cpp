#include <gtest/gtest.h>

#include <string>

#include "lsp-server/server/TextMapping.hpp"

namespace mlide::server {
namespace {

// The range of the first occurrence of `needle` in `text`.
ByteRange find(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return {at, at + needle.size()};
}

const std::string kScript =
    "import torch\n"
    "model = Net()\n"
    "optimizer = torch.optim.SGD(model.parameters(), lr=50.0)\n"
    "for epoch in range(3):\n"
    "    loss.backward()\n"
    "    optimizer.step()\n";

TEST(TextMapping, LinesInsertedAboveMoveTheRangeDown) {
  const std::string now = "import torch\n# a comment\nimport os\n" + kScript.substr(13);
  const TextMapping m(kScript, now);
  auto r = m.map(find(kScript, "lr=50.0"));
  ASSERT_TRUE(r);
  EXPECT_EQ(now.substr(r->begin, r->end - r->begin), "lr=50.0");
  EXPECT_EQ(r->begin, find(now, "lr=50.0").begin);
}

TEST(TextMapping, AnEditedLineNoLongerMaps) {
  std::string now = kScript;
  now.replace(now.find("50.0"), 4, "0.01");
  const TextMapping m(kScript, now);
  EXPECT_FALSE(m.map(find(kScript, "lr=50.0")));
  // The lines around it still do.
  auto loop = m.map(find(kScript, "for epoch in range(3):"));
  ASSERT_TRUE(loop);
  EXPECT_EQ(now.substr(loop->begin, loop->end - loop->begin), "for epoch in range(3):");
}

TEST(TextMapping, ARangeAcrossAnInsertionDoesNotMap) {
  std::string now = kScript;
  now.insert(now.find("    optimizer.step()"), "    print(loss)\n");
  const TextMapping m(kScript, now);
  const std::size_t b = kScript.find("    loss.backward()");
  const std::size_t e = kScript.find("optimizer.step()") + 16;
  EXPECT_FALSE(m.map(ByteRange{b, e}));
  // "Between backward() and step()" no longer names one place.
  const std::size_t after = kScript.find("    optimizer.step()");
  EXPECT_FALSE(m.map(ByteRange{after, after}));
  // Between two lines that are still neighbours, and at the ends of the text, it does.
  const std::size_t loop = kScript.find("for epoch");
  auto at = m.map(ByteRange{loop, loop});
  ASSERT_TRUE(at);
  EXPECT_EQ(at->begin, now.find("for epoch"));
  EXPECT_EQ(m.map(ByteRange{0, 0}), (ByteRange{0, 0}));
  EXPECT_EQ(m.map(ByteRange{kScript.size(), kScript.size()}), (ByteRange{now.size(), now.size()}));
}

TEST(TextMapping, DeletedAndMovedLines) {
  const std::string from = "a\nb\nc\nd\ne\n";
  const std::string to = "a\nc\nx\nd\ne\nb\n";  // b moved to the end, x inserted
  const TextMapping m(from, to);
  for (const char* line : {"a", "c", "d", "e"}) {
    auto r = m.map(find(from, std::string(line) + "\n"));
    ASSERT_TRUE(r) << line;
    EXPECT_EQ(to.substr(r->begin, r->end - r->begin), std::string(line) + "\n");
  }
  // "b" can keep its place or follow the move, not both: a minimal diff keeps a, c, d, e.
  EXPECT_FALSE(m.map(find(from, "b\n")));
}

TEST(TextMapping, FixesSurviveOnlyIfTheirTextIsUnchanged) {
  Diag d;
  d.range = find(kScript, "lr=50.0");
  d.rule = "nan-loss";
  Fix lr{"Lower the learning rate",
         Applicability::Unsafe,
         {Edit::replacement(find(kScript, "50.0"), "0.01")}};
  const std::size_t stepLine = kScript.find("    optimizer.step()");
  Fix clip{"Clip gradients", Applicability::Unsafe, {Edit::insertion(stepLine, "    clip()\n")}};
  d.fixes = {lr, clip};

  // Lines inserted above: both fixes move with the text.
  const std::string above = "# header\n" + kScript;
  auto moved = TextMapping(kScript, above).map(d);
  ASSERT_TRUE(moved);
  ASSERT_EQ(moved->fixes.size(), 2u);
  EXPECT_EQ(applyEdits(above, moved->fixes[0].edits), "# header\n" + applyEdits(kScript, lr.edits));
  EXPECT_EQ(applyEdits(above, moved->fixes[1].edits),
            "# header\n" + applyEdits(kScript, clip.edits));

  // The backward() line edited: the diagnostic stays, the clip fix (anchored there) goes.
  std::string edited = kScript;
  edited.replace(edited.find("loss.backward()"), 15, "loss.backward(retain_graph=True)");
  auto partial = TextMapping(kScript, edited).map(d);
  ASSERT_TRUE(partial);
  ASSERT_EQ(partial->fixes.size(), 1u);
  EXPECT_EQ(partial->fixes[0].title, "Lower the learning rate");
}

TEST(TextMapping, IdenticalAndRewrittenTexts) {
  EXPECT_TRUE(TextMapping(kScript, kScript).identical());
  const TextMapping empty(kScript, "");
  EXPECT_FALSE(empty.map(find(kScript, "import torch")));
  // A large rewrite keeps the common head and tail without diffing the middle line by line.
  std::string big, other;
  for (int i = 0; i < 3000; ++i) {
    big += "a" + std::to_string(i) + "\n";
    other += "b" + std::to_string(i) + "\n";
  }
  const std::string from = "head\n" + big + "tail\n";
  const std::string to = "head\n" + other + "tail\n";
  const TextMapping m(from, to);
  auto tail = m.map(find(from, "tail"));
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->begin, to.find("tail"));
  EXPECT_FALSE(m.map(find(from, "a17\n")));
}

}  // namespace
}  // namespace mlide::server
