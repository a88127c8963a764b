#include <gtest/gtest.h>

#include "core/support/Uri.hpp"
#include "core/text/Document.hpp"

namespace mlide {
namespace {

TEST(LineIndex, HandlesAllLineTerminators) {
  const std::string text = "a\nbb\r\nccc\rd";
  LineIndex idx(text);
  ASSERT_EQ(idx.lineCount(), 4u);
  EXPECT_EQ(idx.lineText(text, 1), "bb");
  EXPECT_EQ(idx.lineText(text, 2), "ccc");
  EXPECT_EQ(idx.lineText(text, 3), "d");
  EXPECT_EQ(idx.lineCol(4), (LineCol{1, 2}));
}

TEST(LineIndex, PositionRoundTripInEveryEncoding) {
  const std::string text = "x = '😀'\ny = 'é'  # z\n";
  LineIndex idx(text);
  for (auto enc : {PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32}) {
    for (std::size_t off = 0; off <= text.size(); ++off) {
      // Only character boundaries round-trip.
      if (off < text.size() && (static_cast<unsigned char>(text[off]) & 0xC0) == 0x80) continue;
      const Position p = idx.toPosition(text, off, enc);
      auto back = idx.toOffset(text, p, enc);
      ASSERT_TRUE(back.ok());
      EXPECT_EQ(*back, off) << "offset " << off << " encoding " << positionEncodingName(enc);
    }
  }
  // On the 'y' line, 'é' is one UTF-16 unit but two UTF-8 bytes; the emoji line does not matter.
  EXPECT_EQ(idx.toPosition(text, text.find("# z"), PositionEncoding::Utf16).character, 9u);
  EXPECT_EQ(idx.toPosition(text, text.find("# z"), PositionEncoding::Utf8).character, 10u);
  EXPECT_EQ(idx.toPosition(text, text.find("'\n"), PositionEncoding::Utf16).character, 7u);  // after 😀
  EXPECT_EQ(idx.toPosition(text, text.find("'\n"), PositionEncoding::Utf32).character, 6u);
}

TEST(LineIndex, PastTheEnd) {
  const std::string text = "ab\ncd";
  LineIndex idx(text);
  EXPECT_EQ(*idx.toOffset(text, {0, 99}, PositionEncoding::Utf16), 2u);  // clamps to line end
  EXPECT_FALSE(idx.toOffset(text, {7, 0}, PositionEncoding::Utf16).ok());
  EXPECT_EQ(*idx.toOffset(text, {2, 0}, PositionEncoding::Utf16), text.size());  // the end
}

TEST(Document, IncrementalEditsAndAppliedEditPoints) {
  Document d("file:///a.py", "python", 1, "import torch\nx = 1\n");
  auto e = d.apply({Range{{1, 4}, {1, 5}}, "42\nyy"}, PositionEncoding::Utf16);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(d.text(), "import torch\nx = 42\nyy\n");
  EXPECT_EQ(e->startByte, 17u);
  EXPECT_EQ(e->oldEndByte, 18u);
  EXPECT_EQ(e->newEndByte, 22u);
  EXPECT_EQ(e->start, (LineCol{1, 4}));
  EXPECT_EQ(e->newEnd, (LineCol{2, 2}));
  auto full = d.apply({std::nullopt, "new"}, PositionEncoding::Utf16);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(d.text(), "new");
}

TEST(Document, RejectsEditsPastTheEndAndKeepsText) {
  Document d("file:///a.py", "python", 1, "abc\n");
  auto e = d.apply({Range{{5, 0}, {5, 1}}, "x"}, PositionEncoding::Utf16);
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(d.text(), "abc\n");
  EXPECT_FALSE(d.apply({Range{{0, 2}, {0, 1}}, "x"}, PositionEncoding::Utf16).ok());  // reversed
}

TEST(Uri, RoundTripsPathsWithSpecialCharacters) {
  const std::string path = "/home/me/my project/é #1.py";
  const std::string uri = pathToUri(path);
  EXPECT_EQ(uri, "file:///home/me/my%20project/%C3%A9%20%231.py");
  EXPECT_EQ(*uriToPath(uri), path);
  EXPECT_EQ(*uriToPath("file://localhost/tmp/a.py"), "/tmp/a.py");
  EXPECT_FALSE(uriToPath("untitled:Untitled-1").ok());
  EXPECT_FALSE(uriToPath("file:///bad%zz").ok());
  EXPECT_FALSE(uriToPath("file:///bad%4").ok());
}

}  // namespace
}  // namespace mlide
