// LSP base protocol framing: "Content-Length: N\r\n[other headers]\r\n\r\n" + N bytes.
// A pure, incremental decoder so the transport, the tests and the fuzzer share it.
//
// Recovery: a malformed header block (no Content-Length, a non-numeric or oversized length, a
// header line without ':') yields a FrameError and the decoder resynchronises at the next
// "Content-Length:" it finds. A body shorter than announced (Content-Length too long) swallows
// the start of the next message: the frame fails to parse as JSON, the rest of the next message
// is a header error (reported when the following header shows where it ends), and the message
// after it decodes. A body longer than announced leaves its
// tail before the next header, where it is skipped as garbage. Nothing is ever silently
// dropped: every skipped byte range is reported once.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace mlide::lsp {

/// Bodies above this size are refused (the bytes are skipped). 50 MB files arrive as ~60 MB of
/// JSON; leave room.
inline constexpr std::size_t kMaxFrameBytes = 256u << 20;

struct Frame {
  std::string body;
};

struct FrameError {
  std::string message;  // what was wrong, for the log and the client
};

class FrameDecoder {
 public:
  void feed(std::string_view bytes) { buffer_.append(bytes); }
  /// The next complete frame or error; nullopt if more bytes are needed.
  std::optional<std::variant<Frame, FrameError>> next();
  /// Bytes buffered but not yet decoded (at EOF: a truncated message).
  std::size_t pending() const { return buffer_.size() - pos_; }

 private:
  void compact();
  /// Starts skipping garbage at `from` until the next "Content-Length:".
  void resync(std::size_t from);
  /// While skipping: moves to the next header if buffered (true), else drops what cannot be one.
  bool scanForHeader();

  std::string buffer_;
  std::size_t pos_ = 0;       // start of undecoded data
  std::size_t skipBody_ = 0;  // bytes of an oversized body still to discard
  bool scanning_ = false;     // after an error, until a "Content-Length:" header is found
};

/// "Content-Length: <n>\r\n\r\n<body>"
std::string encodeFrame(std::string_view body);

}  // namespace mlide::lsp
