// Cell positions -> positions in the raw .ipynb JSON (where SARIF points for notebooks).
#include <gtest/gtest.h>

#include "core/python/IpynbSourceMap.hpp"
#include "core/python/Notebook.hpp"
#include "core/text/LineIndex.hpp"

namespace mlide::py {
namespace {

// Line numbers (0-based) are noted on the right; the code cell's source has escapes of each kind.
constexpr std::string_view kRaw = R"nb({
 "cells": [
  {"cell_type": "markdown", "metadata": {"tags": ["a", {"b": [1, 2.5e3, null, true]}]},
   "source": ["# Title\n", "text"]},
  {
   "cell_type": "code",
   "source": [
    "x = \"é\"  # caf\u00e9\n",
    "y = '\ud83d\ude00'\tz = 1\n",
    "w = 2"
   ]
  },
  {"cell_type": "code", "source": "a = 1\nb = 2\n"},
  {"cell_type": "code", "source": []}
 ],
 "metadata": {}
})nb";
//  line 7: "x = \"é\"  # caf\u00e9\n",   line 8: "y = '\ud83d\ude00'\tz = 1\n",   line 9: "w = 2"

struct Where {
  std::size_t line;
  std::string_view at;  // the raw text from there (a prefix of it)
};

Where where(const IpynbSourceMap& map, std::size_t cell, std::size_t offset, std::size_t n) {
  auto raw = map.rawOffset(cell, offset);
  EXPECT_TRUE(raw.has_value()) << "cell " << cell << " offset " << offset;
  if (!raw) return {0, ""};
  const LineIndex lines(kRaw);
  return {lines.lineCol(*raw).line, kRaw.substr(*raw, n)};
}

TEST(IpynbSourceMap, CellOffsetsLandOnTheirLineOfTheFile) {
  auto nb = Notebook::fromIpynb(kRaw);
  ASSERT_TRUE(nb.ok());
  const std::string& src = nb->cells()[1].source;
  ASSERT_EQ(src, "x = \"é\"  # café\ny = '😀'\tz = 1\nw = 2");
  const auto map = IpynbSourceMap::build(kRaw);
  ASSERT_EQ(map.cellCount(), 4u);

  auto check = [&](std::size_t offset, std::size_t line, std::string_view at) {
    const Where w = where(map, 1, offset, at.size());
    EXPECT_EQ(w.line, line) << "offset " << offset;
    EXPECT_EQ(w.at, at) << "offset " << offset;
  };
  check(0, 7, "x = ");
  check(src.find('"'), 7, "\\\"é\\\"");       // a decoded quote is written \"
  check(src.find("é"), 7, "é\\\"");           // raw UTF-8 maps byte for byte
  check(src.find("café") + 3, 7, "\\u00e9");  // é written as an escape
  check(src.find("café") + 4, 7, "\\u00e9");  // its second byte: the escape's start
  check(src.find('\n'), 7, "\\n\",");         // the end of line 1 is its \n escape
  check(src.find('y'), 8, "y = ");            // a line boundary: the next string wins
  check(src.find("😀"), 8, "\\ud83d\\ude00");
  check(src.find('\t'), 8, "\\tz");
  check(src.find('z'), 8, "z = 1");
  check(src.find('w'), 9, "w = 2");
  check(src.size(), 9, "\"\n");  // the end: the closing quote of the last string
  EXPECT_FALSE(map.rawOffset(1, src.size() + 1).has_value());
}

TEST(IpynbSourceMap, OtherCellShapes) {
  const auto map = IpynbSourceMap::build(kRaw);
  EXPECT_EQ(where(map, 0, 0, 7).line, 3u);  // markdown cells are numbered too
  EXPECT_EQ(where(map, 0, 0, 7).at, "# Title");
  // One string with \n escapes: every line of the cell is on the same line of the file.
  const Where b = where(map, 2, 6, 5);
  EXPECT_EQ(b.line, 12u);
  EXPECT_EQ(b.at, "b = 2");
  EXPECT_FALSE(map.rawOffset(3, 0).has_value());  // empty source list
  EXPECT_FALSE(map.rawOffset(4, 0).has_value());  // no such cell
}

TEST(IpynbSourceMap, SingleLineAndBrokenFiles) {
  // Minified JSON: everything on line 0, columns still exact.
  constexpr std::string_view kMin =
      R"({"nbformat":4,"cells":[{"source":["a\n","bb"],"cell_type":"code"}]})";
  const auto map = IpynbSourceMap::build(kMin);
  auto off = map.rawOffset(0, 2);
  ASSERT_TRUE(off.has_value());
  EXPECT_EQ(kMin.substr(*off, 2), "bb");
  for (std::string_view broken :
       {"", "{", "[1, 2]", R"({"cells": [{"source": ["a", )", R"({"cells": 3})"}) {
    EXPECT_FALSE(IpynbSourceMap::build(broken).rawOffset(0, 0).has_value()) << broken;
  }
}

}  // namespace
}  // namespace mlide::py
