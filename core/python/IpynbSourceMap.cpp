#include "core/python/IpynbSourceMap.hpp"

namespace mlide::py {
namespace {

// A minimal JSON scanner over the raw text: it only finds the `cells[i].source` strings and
// skips everything else. Positions are what nlohmann::json does not give.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool eat(char c) {
    ws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool peek(char c) {
    ws();
    return i_ < s_.size() && s_[i_] == c;
  }
  /// A string literal: its raw contents [begin, end) between the quotes.
  bool string(std::size_t& begin, std::size_t& end) {
    if (!eat('"')) return false;
    begin = i_;
    while (i_ < s_.size() && s_[i_] != '"') i_ += s_[i_] == '\\' ? 2 : 1;
    if (i_ >= s_.size()) return false;
    end = i_++;
    return true;
  }
  std::string_view slice(std::size_t b, std::size_t e) const { return s_.substr(b, e - b); }
  /// Skips any value.
  bool skip(int depth = 0) {
    if (depth > 256) return false;
    ws();
    if (i_ >= s_.size()) return false;
    std::size_t b, e;
    switch (s_[i_]) {
      case '"':
        return string(b, e);
      case '{':
        ++i_;
        if (eat('}')) return true;
        do {
          if (!string(b, e) || !eat(':') || !skip(depth + 1)) return false;
        } while (eat(','));
        return eat('}');
      case '[':
        ++i_;
        if (eat(']')) return true;
        do {
          if (!skip(depth + 1)) return false;
        } while (eat(','));
        return eat(']');
      default:  // number, true, false, null
        while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']' && s_[i_] != ' ' &&
               s_[i_] != '\n' && s_[i_] != '\r' && s_[i_] != '\t')
          ++i_;
        return true;
    }
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

unsigned hex4(std::string_view s, std::size_t at) {
  unsigned v = 0;
  for (std::size_t k = at; k < at + 4 && k < s.size(); ++k) {
    const char c = s[k];
    v = v * 16 + (c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : 0);
  }
  return v;
}

// One step through a string literal's raw text: how many raw bytes the next unit takes and how
// many decoded (UTF-8) bytes it stands for.
void step(std::string_view raw, std::size_t at, std::size_t& rawLen, std::size_t& decodedLen) {
  if (raw[at] != '\\' || at + 1 >= raw.size()) {
    rawLen = decodedLen = 1;
    return;
  }
  if (raw[at + 1] != 'u') {
    rawLen = 2;
    decodedLen = 1;
    return;
  }
  const unsigned cp = hex4(raw, at + 2);
  if (cp >= 0xD800 && cp <= 0xDBFF && at + 12 <= raw.size() && raw[at + 6] == '\\' &&
      raw[at + 7] == 'u') {
    rawLen = 12;  // a surrogate pair: one code point beyond the BMP
    decodedLen = 4;
    return;
  }
  rawLen = 6;
  decodedLen = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
}

std::size_t decodedSize(std::string_view literal) {
  std::size_t n = 0;
  for (std::size_t at = 0; at < literal.size();) {
    std::size_t r, d;
    step(literal, at, r, d);
    at += r;
    n += d;
  }
  return n;
}

}  // namespace

IpynbSourceMap IpynbSourceMap::build(std::string_view raw) {
  IpynbSourceMap map;
  map.raw_ = std::string(raw);
  Scanner sc(map.raw_);
  std::vector<std::vector<Piece>> cells;
  bool ok = sc.eat('{');
  if (ok && !sc.eat('}')) {
    do {
      std::size_t kb, ke;
      if (!sc.string(kb, ke) || !sc.eat(':')) return map;
      if (sc.slice(kb, ke) != "cells" || !sc.peek('[')) {
        if (!sc.skip()) return map;
        continue;
      }
      cells.clear();
      sc.eat('[');
      if (sc.eat(']')) continue;
      do {
        std::vector<Piece> pieces;
        if (sc.peek('{')) {
          sc.eat('{');
          if (!sc.eat('}')) {
            do {
              std::size_t b, e;
              if (!sc.string(b, e) || !sc.eat(':')) return map;
              if (sc.slice(b, e) != "source") {
                if (!sc.skip()) return map;
                continue;
              }
              pieces.clear();
              std::size_t decoded = 0;
              auto addPiece = [&](std::size_t sb, std::size_t se) {
                const std::size_t n = decodedSize(sc.slice(sb, se));
                pieces.push_back(Piece{decoded, n, sb, se});
                decoded += n;
              };
              if (sc.peek('"')) {
                if (!sc.string(b, e)) return map;
                addPiece(b, e);
              } else if (sc.peek('[')) {
                sc.eat('[');
                if (!sc.eat(']')) {
                  do {
                    if (!sc.peek('"') || !sc.string(b, e)) return map;
                    addPiece(b, e);
                  } while (sc.eat(','));
                  if (!sc.eat(']')) return map;
                }
              } else if (!sc.skip()) {
                return map;
              }
            } while (sc.eat(','));
            if (!sc.eat('}')) return map;
          }
        } else if (!sc.skip()) {
          return map;
        }
        cells.push_back(std::move(pieces));
      } while (sc.eat(','));
      if (!sc.eat(']')) return map;
    } while (sc.eat(','));
    if (!sc.eat('}')) return map;
  }
  if (ok) map.cells_ = std::move(cells);
  return map;
}

std::optional<std::size_t> IpynbSourceMap::rawOffset(std::size_t cell, std::size_t offset) const {
  if (cell >= cells_.size() || cells_[cell].empty()) return std::nullopt;
  const std::vector<Piece>& pieces = cells_[cell];
  // The first piece that holds the offset: at a boundary the next line's string wins.
  const Piece* piece = nullptr;
  for (const Piece& p : pieces) {
    if (offset < p.decodedStart + p.decodedSize) {
      piece = &p;
      break;
    }
  }
  if (!piece) {
    const Piece& last = pieces.back();
    if (offset != last.decodedStart + last.decodedSize) return std::nullopt;
    return last.rawEnd;
  }
  std::size_t at = piece->rawBegin;
  std::size_t decoded = piece->decodedStart;
  const std::string_view literal(raw_.data(), piece->rawEnd);
  while (at < piece->rawEnd) {
    std::size_t r, d;
    step(literal, at, r, d);
    if (decoded + d > offset) break;  // the offset is this unit (or inside its decoded bytes)
    at += r;
    decoded += d;
  }
  return at;
}

}  // namespace mlide::py
