#include <gtest/gtest.h>

#include "lsp-server/transport/Framing.hpp"

namespace mlide::lsp {
namespace {

// Feeds `input` in chunks of `chunk` bytes; returns bodies and "!error" entries in order.
std::vector<std::string> decodeAll(const std::string& input, std::size_t chunk) {
  FrameDecoder d;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < input.size(); i += chunk) {
    d.feed(std::string_view(input).substr(i, chunk));
    // Each item must consume input: a decoder that repeats itself fails here instead of hanging.
    for (int n = 0; auto item = d.next(); ++n) {
      if (n > 1000) {
        ADD_FAILURE() << "the decoder does not make progress at byte " << i;
        return out;
      }
      if (auto* f = std::get_if<Frame>(&*item)) {
        out.push_back(f->body);
      } else {
        out.push_back("!" + std::get<FrameError>(*item).message);
      }
    }
  }
  return out;
}

TEST(Framing, DecodesFramesSplitAnywhere) {
  const std::string input =
      encodeFrame("{\"a\":1}") + encodeFrame("{\"é\":\"😀\"}") + encodeFrame("");
  for (std::size_t chunk : {1u, 2u, 7u, 1000u}) {
    auto out = decodeAll(input, chunk);
    ASSERT_EQ(out.size(), 3u) << "chunk " << chunk;
    EXPECT_EQ(out[0], "{\"a\":1}");
    EXPECT_EQ(out[1], "{\"é\":\"😀\"}");
    EXPECT_EQ(out[2], "");
  }
}

TEST(Framing, AcceptsOtherHeadersAndAnyCase) {
  const std::string input =
      "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}";
  auto out = decodeAll(input, 3);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], "{}");
}

TEST(Framing, MalformedHeadersAreReportedAndSkipped) {
  const std::string input = "Content-Length: abc\r\n\r\n{}" + encodeFrame("{\"ok\":1}") +
                            "Bogus\r\n\r\n" + encodeFrame("{\"ok\":2}") + "X-Other: 1\r\n\r\n" +
                            encodeFrame("{\"ok\":3}");
  auto out = decodeAll(input, 5);
  ASSERT_EQ(out.size(), 6u);
  EXPECT_EQ(out[0], "!invalid Content-Length 'abc'");
  EXPECT_EQ(out[1], "{\"ok\":1}");
  EXPECT_EQ(out[2], "!malformed header line 'Bogus'");
  EXPECT_EQ(out[3], "{\"ok\":2}");
  EXPECT_EQ(out[4], "!header block without Content-Length");
  EXPECT_EQ(out[5], "{\"ok\":3}");
}

TEST(Framing, ShortContentLengthCorruptsOnlyOneMessage) {
  // The first frame claims 5 bytes but has 9: the tail "1234" lands before the next header and
  // is skipped when the decoder resynchronises.
  const std::string input = "Content-Length: 5\r\n\r\n{\"a\":1234}" + encodeFrame("{\"b\":2}");
  auto out = decodeAll(input, 4);
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ(out[0], "{\"a\":");
  EXPECT_EQ(out.back(), "{\"b\":2}");
}

TEST(Framing, LongContentLengthCostsTheNextMessageThenDecodingRecovers) {
  // The first frame claims 20 bytes but has 7: it swallows the first 13 bytes of the second
  // message ("Content-Lengt"), whose remains are reported; the third message arrives intact.
  const std::string second = encodeFrame("{\"b\":2}");
  const std::string input =
      "Content-Length: 20\r\n\r\n{\"a\":1}" + second + encodeFrame("{\"c\":3}");
  for (std::size_t chunk : {1u, 5u, 1000u}) {
    auto out = decodeAll(input, chunk);
    ASSERT_EQ(out.size(), 3u) << "chunk " << chunk;
    EXPECT_EQ(out[0], "{\"a\":1}" + second.substr(0, 13));
    EXPECT_EQ(out[1], "!header block without Content-Length");
    EXPECT_EQ(out[2], "{\"c\":3}");
  }
  // Until more bytes come, a long frame is simply incomplete: nothing is reported.
  FrameDecoder d;
  d.feed("Content-Length: 20\r\n\r\n{\"a\":1}");
  EXPECT_FALSE(d.next().has_value());
  EXPECT_GT(d.pending(), 0u);
}

TEST(Framing, OversizedMessagesAreSkippedWholesale) {
  std::string input = "Content-Length: " + std::to_string(kMaxFrameBytes + 10) + "\r\n\r\n";
  FrameDecoder d;
  d.feed(input);
  auto first = d.next();
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(std::holds_alternative<FrameError>(*first));
  EXPECT_NE(std::get<FrameError>(*first).message.find("exceeds the limit"), std::string::npos);
  // The announced body is discarded as it arrives, then decoding resumes.
  const std::string chunk(1 << 20, 'x');
  std::size_t left = kMaxFrameBytes + 10;
  while (left > 0) {
    const std::size_t n = std::min(left, chunk.size());
    d.feed(std::string_view(chunk).substr(0, n));
    left -= n;
    EXPECT_FALSE(d.next().has_value());
  }
  d.feed(encodeFrame("{}"));
  auto next = d.next();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(std::get<Frame>(*next).body, "{}");
}

TEST(Framing, GarbageWithoutHeadersIsReportedOnce) {
  std::string input(10000, 'z');
  input += encodeFrame("{}");
  auto out = decodeAll(input, 4096);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].rfind("!no header terminator", 0), 0u);
  EXPECT_EQ(out[1], "{}");
}

}  // namespace
}  // namespace mlide::lsp
