// The small JSON the training client needs, written by hand so the header has no dependencies:
// a writer for requests (escaping, invalid UTF-8 replaced, NaN/Inf as the strings the daemon
// reads back) and a reader that flattens a reply into "path -> scalar" ("session",
// "error.code", "items[2].name"), from which the client takes the few fields it uses.
//
// Part of the header-only C++ training client (see training_client.hpp). Standard library only.
// Thread-safety: no shared state; a JsonWriter or FlatJson object is used by one thread at a time.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace mlide::client::wire {

/// Appends `s` as a JSON string literal (with quotes) to `out`. `"`, `\` and control characters
/// are escaped (\n, \t, ... or \u00XX); bytes that are not valid UTF-8 (overlong forms, UTF-16
/// surrogates, truncated sequences, > U+10FFFF) become U+FFFD, because the daemon's parser
/// rejects a request with invalid UTF-8 as a whole.
inline void append_string(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    // A multi-byte sequence: its length from the lead byte, then the allowed range of the second
    // byte (which rules out overlong forms, surrogates and code points above U+10FFFF).
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    bool valid = len > 0 && i + len <= n && p[i + 1] >= lo && p[i + 1] <= hi;
    for (std::size_t k = 2; valid && k < len; ++k) valid = p[i + k] >= 0x80 && p[i + k] <= 0xBF;
    if (valid) {
      out.append(s.data() + i, len);
      i += len;
    } else {
      out += "\\ufffd";
      ++i;  // resynchronise on the next byte
    }
  }
  out += '"';
}

/// At most `max_bytes` of `s`, cut at a UTF-8 character boundary (never inside a sequence).
inline std::string truncate_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // s[cut] continues a sequence
  return std::string(s.substr(0, cut));
}

/// Appends a number: the shortest text that reads back as the same double; NaN, +Inf and -Inf
/// as the strings "nan", "inf" and "-inf" (JSON has no literal for them; the daemon accepts the
/// strings in every numeric field).
inline void append_number(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "\"nan\"";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "\"inf\"" : "\"-inf\"";
    return;
  }
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

inline void append_integer(std::string& out, std::int64_t v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

/// Builds one JSON text with commas placed automatically. Misuse (a value where a key is
/// expected, unbalanced ends) is the caller's bug and is not diagnosed.
///
///   JsonWriter w;
///   w.begin_object().key("seq").value(std::int64_t{3}).key("metrics").begin_object()
///    .key("loss").value(0.25).end_object().end_object();
///   w.str()  // {"seq":3,"metrics":{"loss":0.25}}
class JsonWriter {
 public:
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view k) {
    separate();
    append_string(out_, k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) {
    separate();
    append_string(out_, s);
    return *this;
  }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(double v) {
    separate();
    append_number(out_, v);
    return *this;
  }
  JsonWriter& value(std::int64_t v) {
    separate();
    append_integer(out_, v);
    return *this;
  }
  JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& value(bool v) {
    separate();
    out_ += v ? "true" : "false";
    return *this;
  }
  JsonWriter& null() {
    separate();
    out_ += "null";
    return *this;
  }
  /// Inserts already-encoded JSON as one value (the client's pre-encoded events).
  JsonWriter& raw(std::string_view json) {
    separate();
    out_ += json;
    return *this;
  }

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  JsonWriter& open(char c) {
    separate();
    out_ += c;
    first_.push_back(true);
    return *this;
  }
  JsonWriter& close(char c) {
    out_ += c;
    if (!first_.empty()) first_.pop_back();
    return *this;
  }
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }

  std::string out_;
  std::vector<bool> first_;  // one per open container: nothing written in it yet
  bool after_key_ = false;
};

/// One scalar of a parsed reply.
struct Scalar {
  enum class Kind { Null, Bool, Number, String };
  Kind kind = Kind::Null;
  bool boolean = false;
  double number = 0;
  std::string text;  // the string's value, or a number's literal text

  /// The value as an integer: integral numbers only (from the literal, so beyond 2^53 too).
  std::optional<std::int64_t> as_int() const {
    if (kind != Kind::Number) return std::nullopt;
    std::int64_t v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec == std::errc() && r.ptr == text.data() + text.size()) return v;
    if (std::isfinite(number) && std::floor(number) == number && std::fabs(number) < 9e15) {
      return static_cast<std::int64_t>(number);
    }
    return std::nullopt;
  }
};

/// A JSON text flattened to its scalars: {"a": {"b": [1, "x"]}} -> "a.b[0]" = 1, "a.b[1]" = "x".
/// Empty objects and arrays leave no entry. A key containing '.' or '[' is not escaped (the
/// replies the client reads have plain keys).
class FlatJson {
 public:
  /// nullopt unless `text` is one complete, valid JSON value (RFC 8259; nesting up to 64 levels).
  static std::optional<FlatJson> parse(std::string_view text) {
    FlatJson out;
    Parser p{text, 0, out.values_};
    p.ws();
    if (!p.value("", 0)) return std::nullopt;
    p.ws();
    if (p.i != text.size()) return std::nullopt;
    return out;
  }

  const Scalar* find(const std::string& path) const {
    auto it = values_.find(path);
    return it == values_.end() ? nullptr : &it->second;
  }
  std::optional<std::int64_t> integer(const std::string& path) const {
    const Scalar* s = find(path);
    return s ? s->as_int() : std::nullopt;
  }
  std::optional<std::string> string(const std::string& path) const {
    const Scalar* s = find(path);
    if (!s || s->kind != Scalar::Kind::String) return std::nullopt;
    return s->text;
  }
  const std::map<std::string, Scalar>& values() const { return values_; }

 private:
  struct Parser {
    std::string_view s;
    std::size_t i;
    std::map<std::string, Scalar>& out;

    void ws() {
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    }
    bool literal(std::string_view word) {
      if (s.substr(i, word.size()) != word) return false;
      i += word.size();
      return true;
    }
    bool value(const std::string& path, int depth) {
      if (i >= s.size() || depth > 64) return false;
      Scalar v;
      switch (s[i]) {
        case '{': return object(path, depth);
        case '[': return array(path, depth);
        case '"':
          v.kind = Scalar::Kind::String;
          if (!string(v.text)) return false;
          break;
        case 't':
        case 'f':
          v.kind = Scalar::Kind::Bool;
          v.boolean = s[i] == 't';
          if (!literal(v.boolean ? "true" : "false")) return false;
          break;
        case 'n':
          if (!literal("null")) return false;
          break;
        default:
          v.kind = Scalar::Kind::Number;
          if (!number(v)) return false;
      }
      out[path] = std::move(v);
      return true;
    }
    bool object(const std::string& path, int depth) {
      ++i;  // '{'
      ws();
      if (i < s.size() && s[i] == '}') {
        ++i;
        return true;
      }
      for (;;) {
        ws();
        std::string k;
        if (i >= s.size() || s[i] != '"' || !string(k)) return false;
        ws();
        if (i >= s.size() || s[i] != ':') return false;
        ++i;
        ws();
        if (!value(path.empty() ? k : path + "." + k, depth + 1)) return false;
        ws();
        if (i < s.size() && s[i] == ',') {
          ++i;
          continue;
        }
        if (i < s.size() && s[i] == '}') {
          ++i;
          return true;
        }
        return false;
      }
    }
    bool array(const std::string& path, int depth) {
      ++i;  // '['
      ws();
      if (i < s.size() && s[i] == ']') {
        ++i;
        return true;
      }
      for (std::size_t index = 0;; ++index) {
        ws();
        if (!value(path + "[" + std::to_string(index) + "]", depth + 1)) return false;
        ws();
        if (i < s.size() && s[i] == ',') {
          ++i;
          continue;
        }
        if (i < s.size() && s[i] == ']') {
          ++i;
          return true;
        }
        return false;
      }
    }
    static int hex(char c) {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    }
    bool hex4(unsigned& cp) {
      if (i + 4 > s.size()) return false;
      cp = 0;
      for (int k = 0; k < 4; ++k) {
        const int h = hex(s[i + static_cast<std::size_t>(k)]);
        if (h < 0) return false;
        cp = cp * 16 + static_cast<unsigned>(h);
      }
      i += 4;
      return true;
    }
    static void utf8(std::string& dst, unsigned cp) {
      if (cp < 0x80) {
        dst += static_cast<char>(cp);
      } else if (cp < 0x800) {
        dst += static_cast<char>(0xC0 | (cp >> 6));
        dst += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        dst += static_cast<char>(0xE0 | (cp >> 12));
        dst += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        dst += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        dst += static_cast<char>(0xF0 | (cp >> 18));
        dst += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        dst += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        dst += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    bool string(std::string& dst) {
      ++i;  // '"'
      while (i < s.size()) {
        const char c = s[i++];
        if (c == '"') return true;
        if (static_cast<unsigned char>(c) < 0x20) return false;
        if (c != '\\') {
          dst += c;
          continue;
        }
        if (i >= s.size()) return false;
        const char e = s[i++];
        switch (e) {
          case '"': dst += '"'; break;
          case '\\': dst += '\\'; break;
          case '/': dst += '/'; break;
          case 'b': dst += '\b'; break;
          case 'f': dst += '\f'; break;
          case 'n': dst += '\n'; break;
          case 'r': dst += '\r'; break;
          case 't': dst += '\t'; break;
          case 'u': {
            unsigned cp = 0;
            if (!hex4(cp)) return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate: its low half must follow
              unsigned low = 0;
              if (s.substr(i, 2) != "\\u") return false;
              i += 2;
              if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return false;  // a lone low surrogate
            }
            utf8(dst, cp);
            break;
          }
          default: return false;
        }
      }
      return false;  // unterminated
    }
    bool digits() {
      const std::size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      return i > start;
    }
    bool number(Scalar& v) {
      // The JSON grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
      const std::size_t start = i;
      if (i < s.size() && s[i] == '-') ++i;
      if (i < s.size() && s[i] == '0') {
        ++i;
      } else if (!(i < s.size() && s[i] >= '1' && s[i] <= '9') || !digits()) {
        return false;
      }
      if (i < s.size() && s[i] == '.') {
        ++i;
        if (!digits()) return false;
      }
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digits()) return false;
      }
      v.text = std::string(s.substr(start, i - start));
      const auto r = std::from_chars(v.text.data(), v.text.data() + v.text.size(), v.number);
      // Out of range (1e999, 1e-999) is still valid JSON: keep the literal; the number
      // saturates to infinity or flushes to zero.
      if (r.ec == std::errc::result_out_of_range) {
        const bool tiny = v.text.find("e-") != std::string::npos || v.text.find("E-") != std::string::npos;
        v.number = tiny ? 0.0 : (v.text[0] == '-' ? -HUGE_VAL : HUGE_VAL);
      }
      return r.ec == std::errc() || r.ec == std::errc::result_out_of_range;
    }
  };

  std::map<std::string, Scalar> values_;
};

}  // namespace mlide::client::wire
