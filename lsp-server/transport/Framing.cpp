#include "lsp-server/transport/Framing.hpp"

#include <algorithm>
#include <cctype>

namespace mlide::lsp {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The header the decoder resynchronises on, compared case-insensitively.
constexpr std::string_view kName = "content-length:";

// Case-insensitive search for the header name, to resynchronise after garbage.
std::size_t findContentLength(std::string_view buf, std::size_t from) {
  for (std::size_t i = from; i + kName.size() <= buf.size(); ++i) {
    if (iequals(buf.substr(i, kName.size()), kName)) return i;
  }
  return std::string_view::npos;
}

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 60)) {
    out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  }
  if (s.size() > 60) out += "...";
  return out;
}

}  // namespace

void FrameDecoder::compact() {
  if (pos_ > 0 && (pos_ > (1u << 16) || pos_ == buffer_.size())) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
}

void FrameDecoder::resync(std::size_t from) {
  pos_ = std::min(from, buffer_.size());
  scanning_ = true;
}

bool FrameDecoder::scanForHeader() {
  const std::size_t at = findContentLength(buffer_, pos_);
  if (at != std::string::npos) {
    pos_ = at;
    scanning_ = false;
    return true;
  }
  // Keep only a tail that could be the start of a split "Content-Length:", so garbage is never
  // parsed (and reported) twice.
  std::size_t keep = std::min(buffer_.size() - pos_, kName.size() - 1);
  while (keep > 0 && !iequals(std::string_view(buffer_).substr(buffer_.size() - keep), kName.substr(0, keep))) --keep;
  pos_ = buffer_.size() - keep;
  compact();
  return false;
}

std::optional<std::variant<Frame, FrameError>> FrameDecoder::next() {
  if (skipBody_ > 0) {
    const std::size_t n = std::min(skipBody_, buffer_.size() - pos_);
    pos_ += n;
    skipBody_ -= n;
    compact();
    if (skipBody_ > 0) return std::nullopt;
  }
  if (scanning_ && !scanForHeader()) return std::nullopt;
  // Tolerate blank lines between messages (some clients send "\r\n" after a body).
  while (pos_ < buffer_.size() && (buffer_[pos_] == '\r' || buffer_[pos_] == '\n')) ++pos_;
  const std::string_view rest(buffer_.data() + pos_, buffer_.size() - pos_);
  const std::size_t headerEnd = rest.find("\r\n\r\n");
  // A header block larger than 8 KiB is garbage (e.g. a stray JSON body without headers), even
  // when a real header follows it in the same read.
  constexpr std::size_t kMaxHeaderBytes = 8192;
  if (headerEnd == std::string_view::npos || headerEnd > kMaxHeaderBytes) {
    if (rest.size() > kMaxHeaderBytes) {
      const std::string bad = printable(rest);
      resync(pos_ + 1);
      return FrameError{"no header terminator within 8 KiB; skipped input starting '" + bad + "'"};
    }
    return std::nullopt;
  }
  std::optional<std::size_t> length;
  std::string problem;
  std::string_view headers = rest.substr(0, headerEnd);
  while (!headers.empty()) {
    const std::size_t eol = headers.find("\r\n");
    const std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      problem = "malformed header line '" + printable(line) + "'";
      break;
    }
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      if (value.empty() || value.size() > 12 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        problem = "invalid Content-Length '" + printable(value) + "'";
        break;
      }
      length = std::stoull(std::string(value));
    } else if (!iequals(name, "Content-Type")) {
      // Unknown headers are allowed by the base protocol; ignore them.
    }
  }
  if (problem.empty() && !length) problem = "header block without Content-Length";
  if (!problem.empty()) {
    resync(pos_ + 1);
    return FrameError{problem};
  }
  const std::size_t bodyStart = pos_ + headerEnd + 4;
  if (*length > kMaxFrameBytes) {
    pos_ = bodyStart;
    skipBody_ = *length;
    const std::size_t n = std::min(skipBody_, buffer_.size() - pos_);
    pos_ += n;
    skipBody_ -= n;
    compact();
    return FrameError{"message of " + std::to_string(*length) + " bytes exceeds the limit of " +
                      std::to_string(kMaxFrameBytes) + " bytes; skipped"};
  }
  if (buffer_.size() - bodyStart < *length) return std::nullopt;
  Frame f{buffer_.substr(bodyStart, *length)};
  pos_ = bodyStart + *length;
  compact();
  return f;
}

std::string encodeFrame(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

}  // namespace mlide::lsp
