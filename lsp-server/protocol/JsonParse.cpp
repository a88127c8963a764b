#include "lsp-server/protocol/JsonParse.hpp"

#include <cmath>
#include <limits>

namespace mlide::lsp {

bool fromJson(const json& j, std::string& out, JsonPath& p) {
  if (!j.is_string()) return p.fail("expected a string");
  out = j.get_ref<const std::string&>();
  return true;
}

bool fromJson(const json& j, bool& out, JsonPath& p) {
  if (!j.is_boolean()) return p.fail("expected a boolean");
  out = j.get<bool>();
  return true;
}

bool fromJson(const json& j, std::int64_t& out, JsonPath& p) {
  if (j.is_number_integer()) {
    out = j.get<std::int64_t>();
    return true;
  }
  // 3.0 is an integer to JavaScript clients.
  if (j.is_number_float()) {
    const double d = j.get<double>();
    if (std::floor(d) == d && std::abs(d) < 9e15) {
      out = static_cast<std::int64_t>(d);
      return true;
    }
  }
  return p.fail("expected an integer");
}

bool fromJson(const json& j, std::uint32_t& out, JsonPath& p) {
  std::int64_t v = 0;
  if (!fromJson(j, v, p)) return false;
  if (v < 0 || v > std::numeric_limits<std::uint32_t>::max()) return p.fail("expected a non-negative 32-bit integer");
  out = static_cast<std::uint32_t>(v);
  return true;
}

bool fromJson(const json& j, double& out, JsonPath& p) {
  if (!j.is_number()) return p.fail("expected a number");
  out = j.get<double>();
  return true;
}

}  // namespace mlide::lsp
