#include <gtest/gtest.h>

#include "core/support/Utf.hpp"

namespace mlide {
namespace {

TEST(Utf, ValidTextHasNoInvalidByte) {
  EXPECT_FALSE(firstInvalidUtf8("plain ascii").has_value());
  EXPECT_FALSE(firstInvalidUtf8("héllo → 😀").has_value());
}

TEST(Utf, FindsIllFormedSequences) {
  EXPECT_EQ(firstInvalidUtf8("ab\xff"), 2u);
  EXPECT_EQ(firstInvalidUtf8("a\xc0\xaf"), 1u);          // overlong '/'
  EXPECT_EQ(firstInvalidUtf8("x\xed\xa0\x80"), 1u);      // UTF-16 surrogate
  EXPECT_EQ(firstInvalidUtf8("\xf4\x90\x80\x80"), 0u);   // above U+10FFFF
  EXPECT_EQ(firstInvalidUtf8("ok\xe2\x82"), 2u);         // truncated
}

TEST(Utf, CountsCodeUnitsPerEncoding) {
  const std::string s = "a😀é";  // 1 + 4 + 2 bytes
  EXPECT_EQ(codeUnits(s, PositionEncoding::Utf8), 7u);
  EXPECT_EQ(codeUnits(s, PositionEncoding::Utf16), 4u);  // emoji is a surrogate pair
  EXPECT_EQ(codeUnits(s, PositionEncoding::Utf32), 3u);
}

TEST(Utf, ByteOffsetOfUnitsClampsAndRounds) {
  const std::string s = "a😀é";
  EXPECT_EQ(byteOffsetOfUnits(s, 1, PositionEncoding::Utf16), 1u);
  EXPECT_EQ(byteOffsetOfUnits(s, 3, PositionEncoding::Utf16), 5u);
  EXPECT_EQ(byteOffsetOfUnits(s, 2, PositionEncoding::Utf16), 5u);  // inside the pair: next boundary
  EXPECT_EQ(byteOffsetOfUnits(s, 2, PositionEncoding::Utf32), 5u);
  EXPECT_EQ(byteOffsetOfUnits(s, 99, PositionEncoding::Utf16), s.size());
  EXPECT_EQ(byteOffsetOfUnits(s, 2, PositionEncoding::Utf8), 5u);  // rounds up out of the emoji
}

TEST(Utf, BinaryDetection) {
  EXPECT_TRUE(looksBinary(std::string("ab\0cd", 5)));
  EXPECT_FALSE(looksBinary("abcd"));
}

TEST(Utf, EncodingNames) {
  EXPECT_EQ(parsePositionEncoding("utf-32"), PositionEncoding::Utf32);
  EXPECT_FALSE(parsePositionEncoding("utf-7").has_value());
  std::string out;
  appendUtf8(out, U'😀');
  EXPECT_EQ(out, "😀");
}

}  // namespace
}  // namespace mlide
