// A small, strict reader for the one TOML table mlide reads: `[tool.mlide]` in pyproject.toml.
//
// Inside that table it accepts `key = value` lines where the value is a string ("basic" with
// the usual escapes, or 'literal'), a number (integer or float, with `_` separators and
// exponents), a boolean, or an array of those (multi-line, trailing comma, comments). Anything
// else inside the table (inline tables, dotted keys, dates, multi-line strings, duplicate keys)
// is an error that names the line and column. The rest of the file is skipped line by line
// (multi-line strings and arrays of other tables are stepped over), so a pyproject.toml that
// uses TOML features we do not need still reads. Pure functions; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/support/Expected.hpp"

namespace mlide::checks {

struct TomlValue {
  std::variant<bool, double, std::string, std::vector<TomlValue>> v;
  int line = 0;    // 1-based, where the value starts (for error messages)
  int column = 0;  // 1-based
};

using TomlTable = std::map<std::string, TomlValue, std::less<>>;

/// The keys of table `name` (e.g. "tool.mlide"), or nullopt when the document has no such
/// table. ParseError (message "LINE:COL: what") when the table's content is malformed, or when
/// the document has a sub-table of `name` other than those in `subTables` (e.g. "training" for
/// `[tool.mlide.training]`, read by a call of its own), so that no key is silently ignored.
Expected<std::optional<TomlTable>> readTomlTable(
    std::string_view text, std::string_view name,
    const std::vector<std::string_view>& subTables = {});

/// "a string", "a number", ... for error messages.
const char* tomlTypeName(const TomlValue& v);

}  // namespace mlide::checks
