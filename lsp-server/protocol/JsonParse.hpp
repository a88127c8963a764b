// Non-throwing JSON -> C++ parsing that reports the JSON path of the first problem
// ("params.textDocument.uri: expected a string"), for InvalidParams replies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlide::lsp {

using nlohmann::json;

/// Records where parsing is and the first error. Not thread-safe (one per parse).
class JsonPath {
 public:
  explicit JsonPath(std::string root = "params") : path_(std::move(root)) {}
  /// Scoped descent into a field or index.
  class Scope {
   public:
    Scope(JsonPath& p, const std::string& segment) : p_(p), size_(p.path_.size()) { p_.path_ += segment; }
    ~Scope() { p_.path_.resize(size_); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    JsonPath& p_;
    std::size_t size_;
  };
  Scope field(const std::string& name) { return Scope(*this, "." + name); }
  Scope index(std::size_t i) { return Scope(*this, "[" + std::to_string(i) + "]"); }

  /// Records `what` at the current path (only the first error is kept). Returns false.
  bool fail(const std::string& what) {
    if (error_.empty()) error_ = path_ + ": " + what;
    return false;
  }
  const std::string& error() const { return error_; }

 private:
  std::string path_;
  std::string error_;
};

bool fromJson(const json& j, std::string& out, JsonPath& p);
bool fromJson(const json& j, bool& out, JsonPath& p);
bool fromJson(const json& j, std::int64_t& out, JsonPath& p);
bool fromJson(const json& j, std::uint32_t& out, JsonPath& p);
bool fromJson(const json& j, double& out, JsonPath& p);
inline bool fromJson(const json& j, json& out, JsonPath&) {
  out = j;
  return true;
}

template <typename T>
bool fromJson(const json& j, std::vector<T>& out, JsonPath& p) {
  if (!j.is_array()) return p.fail("expected an array");
  out.clear();
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    auto s = p.index(i);
    T v{};
    if (!fromJson(j[i], v, p)) return false;
    out.push_back(std::move(v));
  }
  return true;
}

/// Reads a required member of an object.
template <typename T>
bool required(const json& obj, const char* key, T& out, JsonPath& p) {
  auto s = p.field(key);
  if (!obj.is_object()) return p.fail("expected an object");
  auto it = obj.find(key);
  if (it == obj.end()) return p.fail("missing");
  return fromJson(*it, out, p);
}

/// Reads an optional member; absent or null leaves `out` empty.
template <typename T>
bool optional(const json& obj, const char* key, std::optional<T>& out, JsonPath& p) {
  auto s = p.field(key);
  if (!obj.is_object()) return p.fail("expected an object");
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    out.reset();
    return true;
  }
  T v{};
  if (!fromJson(*it, v, p)) return false;
  out = std::move(v);
  return true;
}

}  // namespace mlide::lsp
