#include "core/support/Utf.hpp"

#include <cstring>

namespace mlide {
namespace {

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 if ill-formed
// (RFC 3629 table: rejects overlongs, surrogates, > U+10FFFF).
std::size_t sequenceLength(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  const std::size_t n = s.size() - i;
  if (c < 0x80) return 1;
  auto cont = [&](std::size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
    const unsigned char c1 = b(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    const unsigned char c1 = b(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 > 0x8F) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

std::size_t unitsOf(std::size_t seqLen, PositionEncoding e) {
  switch (e) {
    case PositionEncoding::Utf8: return seqLen;
    case PositionEncoding::Utf16: return seqLen == 4 ? 2 : 1;
    case PositionEncoding::Utf32: return 1;
  }
  return 1;
}

}  // namespace

std::optional<PositionEncoding> parsePositionEncoding(std::string_view name) {
  if (name == "utf-8") return PositionEncoding::Utf8;
  if (name == "utf-16") return PositionEncoding::Utf16;
  if (name == "utf-32") return PositionEncoding::Utf32;
  return std::nullopt;
}

const char* positionEncodingName(PositionEncoding e) {
  switch (e) {
    case PositionEncoding::Utf8: return "utf-8";
    case PositionEncoding::Utf16: return "utf-16";
    case PositionEncoding::Utf32: return "utf-32";
  }
  return "utf-16";
}

std::optional<std::size_t> firstInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // Fast path over ASCII.
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = sequenceLength(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

bool looksBinary(std::string_view text) {
  return std::memchr(text.data(), '\0', std::min<std::size_t>(text.size(), 8192)) != nullptr;
}

std::size_t codeUnits(std::string_view s, PositionEncoding encoding) {
  if (encoding == PositionEncoding::Utf8) return s.size();
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = sequenceLength(s, i);
    if (len == 0) {
      ++units;
      ++i;
      continue;
    }
    units += unitsOf(len, encoding);
    i += len;
  }
  return units;
}

std::size_t byteOffsetOfUnits(std::string_view line, std::size_t units, PositionEncoding encoding) {
  if (encoding == PositionEncoding::Utf8) {
    std::size_t off = std::min(units, line.size());
    // Round up to a character boundary.
    while (off < line.size() && (static_cast<unsigned char>(line[off]) & 0xC0) == 0x80) ++off;
    return off;
  }
  std::size_t seen = 0;
  std::size_t i = 0;
  while (i < line.size() && seen < units) {
    std::size_t len = sequenceLength(line, i);
    if (len == 0) len = 1;  // an invalid byte counts as one unit
    seen += unitsOf(len, encoding);
    i += len;
  }
  return i;
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace mlide
