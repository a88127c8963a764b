// Editor and file settings as a flat, typed map: "checks.select" -> ["missing-softmax"],
// "checks.maxDropout" -> 0.5. The protocol layer flattens the client's JSON into this; engines
// read the keys they know. Keeps JSON out of the engines.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mlide {

/// One settings key a component reads, so that the editor's declared settings can be checked
/// against what the server understands (tests/unit/config/SettingsManifestTests.cpp).
struct SettingSpec {
  std::string key;                      // "checks.maxDropout"
  std::optional<double> numberDefault;  // numeric keys: the value used when nothing sets it
  bool editorSetting = true;            // false: read but not offered in the editor (an alias kept
                                        // for old settings files, or set by the server itself)
};

using SettingValue = std::variant<bool, double, std::string, std::vector<std::string>>;

class Settings {
 public:
  void set(std::string key, SettingValue v) { values_[std::move(key)] = std::move(v); }
  bool has(const std::string& key) const { return values_.count(key) != 0; }

  std::optional<bool> getBool(const std::string& key) const { return get<bool>(key); }
  std::optional<double> getNumber(const std::string& key) const { return get<double>(key); }
  std::optional<std::string> getString(const std::string& key) const { return get<std::string>(key); }
  /// A list; a single string is returned as a one-element list.
  std::optional<std::vector<std::string>> getList(const std::string& key) const {
    if (auto s = get<std::string>(key)) return std::vector<std::string>{*s};
    return get<std::vector<std::string>>(key);
  }
  const std::map<std::string, SettingValue>& all() const { return values_; }
  bool operator==(const Settings& o) const { return values_ == o.values_; }

 private:
  template <typename T>
  std::optional<T> get(const std::string& key) const {
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    if (const T* v = std::get_if<T>(&it->second)) return *v;
    return std::nullopt;
  }
  std::map<std::string, SettingValue> values_;
};

}  // namespace mlide
