// UTF-8 validation and conversion between byte offsets and LSP code-unit columns.
// mlide stores text as UTF-8 and works in byte offsets; only the protocol layer converts to
// the negotiated position encoding. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mlide {

/// LSP `PositionEncodingKind`: what a `Position.character` counts.
enum class PositionEncoding { Utf8, Utf16, Utf32 };

/// "utf-8" / "utf-16" / "utf-32"; nullopt for anything else.
std::optional<PositionEncoding> parsePositionEncoding(std::string_view name);
const char* positionEncodingName(PositionEncoding e);

/// Byte index of the first byte that is not part of a well-formed UTF-8 sequence (overlongs,
/// surrogates and code points above U+10FFFF are ill-formed), or nullopt if `text` is valid.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text);

/// True if `text` looks binary: a NUL byte in its first 8 KiB.
bool looksBinary(std::string_view text);

/// Number of `encoding` code units in the UTF-8 text `s`. Invalid bytes count as one unit each.
std::size_t codeUnits(std::string_view s, PositionEncoding encoding);

/// Byte offset within `line` (no line terminator) of the `units`-th code unit. Past the end it
/// clamps to line.size() (LSP: "defaults back to the line length"); inside a surrogate pair or a
/// multi-byte sequence it rounds up to the next character boundary.
std::size_t byteOffsetOfUnits(std::string_view line, std::size_t units, PositionEncoding encoding);

/// Appends the UTF-8 encoding of `codepoint` (must be a valid scalar value).
void appendUtf8(std::string& out, char32_t codepoint);

}  // namespace mlide
