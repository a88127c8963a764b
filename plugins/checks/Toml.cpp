#include "plugins/checks/Toml.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/support/Utf.hpp"

namespace mlide::checks {

const char* tomlTypeName(const TomlValue& v) {
  switch (v.v.index()) {
    case 0: return "a boolean";
    case 1: return "a number";
    case 2: return "a string";
    default: return "an array";
  }
}

namespace {

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  Expected<std::optional<TomlTable>> read(std::string_view wanted,
                                          const std::vector<std::string_view>& subTables) {
    std::optional<TomlTable> table;
    bool inWanted = false;
    while (pos_ < s_.size()) {
      skipBlank();
      if (pos_ >= s_.size()) break;
      const char c = s_[pos_];
      if (c == '\n' || c == '\r' || c == '#') {
        skipToNextLine();
        continue;
      }
      if (c == '[') {
        const int line = line_;
        const int col = column();
        const bool arrayTable = pos_ + 1 < s_.size() && s_[pos_ + 1] == '[';
        const std::size_t close = s_.find(']', pos_);
        if (close == std::string_view::npos) return error(line, col, "unterminated table header");
        std::string name;
        for (std::size_t i = pos_ + (arrayTable ? 2 : 1); i < close; ++i) {
          if (s_[i] != ' ' && s_[i] != '\t') name += s_[i];
        }
        skipToNextLine();
        if (name == wanted) {
          if (arrayTable) return error(line, col, "[[" + name + "]] must be a table, not an array of tables");
          if (table) return error(line, col, "duplicate table [" + name + "]");
          table.emplace();
          inWanted = true;
        } else if (name.rfind(std::string(wanted) + ".", 0) == 0 &&
                   std::find(subTables.begin(), subTables.end(),
                             std::string_view(name).substr(wanted.size() + 1)) == subTables.end()) {
          std::string known;
          for (std::string_view sub : subTables)
            known += (known.empty() ? "; known: [" : ", [") + std::string(wanted) + "." +
                     std::string(sub) + "]";
          return error(line, col,
                       "sub-tables of [" + std::string(wanted) + "] are not supported ([" + name +
                           "]" + known + ")");
        } else {
          inWanted = false;
        }
        continue;
      }
      if (!inWanted) {
        if (auto st = skipForeignLine(); !st.ok()) return st.takeError();
        continue;
      }
      auto kv = readKeyValue(*table);
      if (!kv.ok()) return kv.takeError();
    }
    return table;
  }

 private:
  int column() const { return static_cast<int>(pos_ - lineStart_) + 1; }

  Error error(int line, int col, std::string what) const {
    return makeError(ErrorCode::ParseError, std::to_string(line) + ":" + std::to_string(col) + ": " + what);
  }
  Error errorHere(std::string what) const { return error(line_, column(), std::move(what)); }

  void newline() {
    ++line_;
    lineStart_ = pos_;
  }
  void skipBlank() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  // Skips the rest of the current line including its terminator.
  void skipToNextLine() {
    while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
    if (pos_ < s_.size()) {
      ++pos_;
      newline();
    }
  }
  // Skips blanks, comments and newlines (inside arrays).
  void skipSpaceAndComments() {
    for (;;) {
      skipBlank();
      if (pos_ >= s_.size()) return;
      if (s_[pos_] == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
        continue;
      }
      if (s_[pos_] == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') ++pos_;
      if (s_[pos_] == '\n') {
        ++pos_;
        newline();
        continue;
      }
      return;
    }
  }

  // A line of a table we do not read: step over strings (multi-line ones too) and brackets so
  // that a continuation line starting with '[' is not taken for a header.
  Status skipForeignLine() {
    int depth = 0;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '\n') {
        ++pos_;
        newline();
        if (depth <= 0) return okStatus();
        continue;
      }
      if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
        continue;
      }
      if (c == '"' || c == '\'') {
        const bool triple = s_.substr(pos_, 3) == std::string_view(c == '"' ? "\"\"\"" : "'''");
        if (triple) {
          const std::size_t end = s_.find(c == '"' ? "\"\"\"" : "'''", pos_ + 3);
          if (end == std::string_view::npos) return errorHere("unterminated multi-line string");
          for (std::size_t i = pos_; i < end; ++i) {
            if (s_[i] == '\n') {
              pos_ = i + 1;
              newline();
            }
          }
          pos_ = end + 3;
          continue;
        }
        ++pos_;
        while (pos_ < s_.size() && s_[pos_] != c && s_[pos_] != '\n') {
          if (c == '"' && s_[pos_] == '\\') ++pos_;
          ++pos_;
        }
        if (pos_ < s_.size() && s_[pos_] == c) ++pos_;
        continue;
      }
      if (c == '[' || c == '{') ++depth;
      if (c == ']' || c == '}') --depth;
      ++pos_;
    }
    return okStatus();
  }

  Status readKeyValue(TomlTable& table) {
    const int line = line_;
    const int col = column();
    std::string key;
    if (s_[pos_] == '"' || s_[pos_] == '\'') {
      auto k = readString();
      if (!k.ok()) return k.takeError();
      key = std::move(*k);
    } else {
      while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_' || s_[pos_] == '-')) {
        key += s_[pos_++];
      }
      if (key.empty()) return errorHere(std::string("expected a key, found '") + s_[pos_] + "'");
    }
    skipBlank();
    if (pos_ < s_.size() && s_[pos_] == '.') return errorHere("dotted keys are not supported in [tool.mlide]");
    if (pos_ >= s_.size() || s_[pos_] != '=') return errorHere("expected '=' after key '" + key + "'");
    ++pos_;
    skipBlank();
    auto v = readValue();
    if (!v.ok()) return v.takeError();
    skipBlank();
    if (pos_ < s_.size() && s_[pos_] == '#') {
      while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == '\r') ++pos_;
    if (pos_ < s_.size() && s_[pos_] != '\n') return errorHere("expected the end of the line after the value of '" + key + "'");
    if (table.count(key)) return error(line, col, "duplicate key '" + key + "'");
    table.emplace(std::move(key), std::move(*v));
    skipToNextLine();
    return okStatus();
  }

  Expected<TomlValue> readValue() {
    TomlValue out;
    out.line = line_;
    out.column = column();
    if (pos_ >= s_.size() || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '#') return errorHere("expected a value");
    const char c = s_[pos_];
    if (c == '"' || c == '\'') {
      auto str = readString();
      if (!str.ok()) return str.takeError();
      out.v = std::move(*str);
      return out;
    }
    if (c == '[') {
      ++pos_;
      std::vector<TomlValue> items;
      for (;;) {
        skipSpaceAndComments();
        if (pos_ >= s_.size()) return errorHere("unterminated array");
        if (s_[pos_] == ']') {
          ++pos_;
          break;
        }
        auto item = readValue();
        if (!item.ok()) return item.takeError();
        items.push_back(std::move(*item));
        skipSpaceAndComments();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < s_.size() && s_[pos_] == ']') {
          ++pos_;
          break;
        }
        return errorHere("expected ',' or ']' in array");
      }
      out.v = std::move(items);
      return out;
    }
    if (c == '{') return errorHere("inline tables are not supported in [tool.mlide]");
    if (s_.substr(pos_, 4) == "true" && !isKeyChar(pos_ + 4)) {
      pos_ += 4;
      out.v = true;
      return out;
    }
    if (s_.substr(pos_, 5) == "false" && !isKeyChar(pos_ + 5)) {
      pos_ += 5;
      out.v = false;
      return out;
    }
    if (c == '+' || c == '-' || c == '.' || std::isdigit(static_cast<unsigned char>(c))) {
      std::string digits;
      std::size_t i = pos_;
      while (i < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i])) || s_[i] == '+' || s_[i] == '-' ||
                               s_[i] == '.' || s_[i] == '_')) {
        if (s_[i] != '_') digits += s_[i];
        ++i;
      }
      char* end = nullptr;
      const double v = std::strtod(digits.c_str(), &end);
      const bool hexLike = digits.find_first_of("xXoObB") != std::string::npos;
      if (digits.empty() || end != digits.c_str() + digits.size() || hexLike ||
          digits.find("inf") != std::string::npos || digits.find("nan") != std::string::npos) {
        return errorHere("'" + std::string(s_.substr(pos_, i - pos_)) + "' is not a number this reader accepts");
      }
      pos_ = i;
      out.v = v;
      return out;
    }
    return errorHere(std::string("unexpected '") + c + "': expected a string, a number, a boolean or an array");
  }

  bool isKeyChar(std::size_t i) const {
    return i < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i])) || s_[i] == '_' || s_[i] == '-');
  }

  Expected<std::string> readString() {
    const char q = s_[pos_];
    if (s_.substr(pos_, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''")) {
      return errorHere("multi-line strings are not supported in [tool.mlide]");
    }
    ++pos_;
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != q) {
      const char c = s_[pos_];
      if (c == '\n' || c == '\r') return errorHere("unterminated string");
      if (q == '"' && c == '\\') {
        if (pos_ + 1 >= s_.size()) return errorHere("unterminated string");
        const char e = s_[pos_ + 1];
        pos_ += 2;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'u':
          case 'U': {
            const std::size_t n = e == 'u' ? 4 : 8;
            if (pos_ + n > s_.size()) return errorHere("short unicode escape");
            const std::string hex(s_.substr(pos_, n));
            char* end = nullptr;
            const unsigned long cp = std::strtoul(hex.c_str(), &end, 16);
            if (end != hex.c_str() + n || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
              return errorHere("invalid unicode escape \\" + std::string(1, e) + hex);
            }
            appendUtf8(out, static_cast<char32_t>(cp));
            pos_ += n;
            break;
          }
          default: return errorHere(std::string("invalid escape '\\") + e + "'");
        }
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t') return errorHere("control character in string");
      out += c;
      ++pos_;
    }
    if (pos_ >= s_.size()) return errorHere("unterminated string");
    ++pos_;
    return out;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t lineStart_ = 0;
  int line_ = 1;
};

}  // namespace

Expected<std::optional<TomlTable>> readTomlTable(std::string_view text, std::string_view name,
                                                 const std::vector<std::string_view>& subTables) {
  return Reader(text).read(name, subTables);
}

}  // namespace mlide::checks
