#include "plugins/checks/Config.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/Toml.hpp"

namespace mlide::checks {

namespace fs = std::filesystem;

namespace {

// How specifically `selector` names `rule`: 3 exact slug/code, 2 + prefix length for code
// prefixes (so longer prefixes win), 1 "ALL"; -1 no match.
int specificity(std::string_view selector, const RuleInfo& rule) {
  if (!selects(selector, rule)) return -1;
  if (selector == rule.slug) return 1000;
  if (selector == "ALL") return 1;
  return 2 + static_cast<int>(selector.size());  // a code or a prefix of one
}

}  // namespace

bool ChecksConfig::enabled(const RuleInfo& rule) const {
  if (!rule.staticCheck) return false;
  int sel = -1;
  if (select.empty()) {
    sel = rule.status == RuleStatus::Stable ? 0 : -1;
  }
  for (const std::string& s : select) sel = std::max(sel, specificity(s, rule));
  if (sel < 0) return false;
  int ign = -1;
  for (const std::string& s : ignore) ign = std::max(ign, specificity(s, rule));
  return sel > ign;
}

namespace {

struct Key {
  std::string_view name;
  enum class Type { List, Number } type;
};

constexpr Key kKeys[] = {
    {"select", Key::Type::List},     {"ignore", Key::Type::List},     {"max-dropout", Key::Type::Number},
    {"lr-min", Key::Type::Number},   {"lr-max", Key::Type::Number},   {"lr-max-sgd", Key::Type::Number},
    {"max-val-accuracy", Key::Type::Number},
};

std::string knownKeys() {
  std::string out;
  for (const Key& k : kKeys) {
    if (!out.empty()) out += ", ";
    out += k.name;
  }
  return out;
}

}  // namespace

Expected<std::optional<ProjectConfig>> parseProjectConfig(std::string_view text,
                                                          const std::string& path) {
  auto table = readTomlTable(text, "tool.mlide", {"training"});
  if (!table.ok()) return makeError(ErrorCode::ParseError, path + ":" + table.error().message);
  auto training = readTomlTable(text, "tool.mlide.training");
  if (!training.ok())
    return makeError(ErrorCode::ParseError, path + ":" + training.error().message);
  if (!table->has_value() && !training->has_value()) return std::optional<ProjectConfig>{};
  ProjectConfig cfg;
  cfg.path = path;
  cfg.training = std::move(*training);
  const TomlTable noKeys;
  for (const auto& [key, value] : table->has_value() ? **table : noKeys) {
    auto fail = [&, &k = key, &v = value](const std::string& what) {
      return makeError(ErrorCode::ParseError, path + ":" + std::to_string(v.line) + ":" + std::to_string(v.column) +
                                                  ": [tool.mlide] " + k + ": " + what);
    };
    const Key* spec = nullptr;
    for (const Key& k : kKeys) {
      if (k.name == key) spec = &k;
    }
    if (!spec) {
      return makeError(ErrorCode::ParseError, path + ":" + std::to_string(value.line) + ": unknown key '" + key +
                                                  "' in [tool.mlide] (known keys: " + knownKeys() + ")");
    }
    if (spec->type == Key::Type::List) {
      const auto* items = std::get_if<std::vector<TomlValue>>(&value.v);
      if (!items) return fail(std::string("expected an array of rule names, found ") + tomlTypeName(value));
      std::vector<std::string> list;
      for (const TomlValue& item : *items) {
        const auto* s = std::get_if<std::string>(&item.v);
        if (!s) return fail(std::string("expected rule names (strings), found ") + tomlTypeName(item));
        if (!isValidSelector(*s)) return fail("unknown rule '" + *s + "' (see `mlide rules`)");
        list.push_back(*s);
      }
      (key == "select" ? cfg.select : cfg.ignore) = std::move(list);
      continue;
    }
    const auto* num = std::get_if<double>(&value.v);
    if (!num) return fail(std::string("expected a number, found ") + tomlTypeName(value));
    if (!std::isfinite(*num) || *num < 0) return fail("expected a finite, non-negative number");
    if (key == "max-dropout" || key == "max-val-accuracy") {
      if (*num > 1) return fail("expected a value between 0 and 1");
      (key == "max-dropout" ? cfg.maxDropout : cfg.maxValAccuracy) = *num;
    } else if (key == "lr-min") {
      cfg.lrMin = *num;
    } else if (key == "lr-max") {
      cfg.lrMax = *num;
    } else {
      cfg.lrMaxSgd = *num;
    }
  }
  if (cfg.lrMin && cfg.lrMax && *cfg.lrMin >= *cfg.lrMax) {
    return makeError(ErrorCode::ParseError, path + ": [tool.mlide] lr-min must be below lr-max");
  }
  return std::optional<ProjectConfig>(std::move(cfg));
}

Expected<std::optional<ProjectConfig>> findProjectConfig(const std::string& filePath, const std::string& stopAt) {
  if (filePath.empty()) return std::optional<ProjectConfig>{};
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(filePath), ec).parent_path();
  if (ec) return std::optional<ProjectConfig>{};
  const fs::path stop = stopAt.empty() ? fs::path() : fs::absolute(fs::path(stopAt), ec);
  for (int depth = 0; depth < 64 && !dir.empty(); ++depth) {
    const fs::path candidate = dir / "pyproject.toml";
    if (fs::is_regular_file(candidate, ec)) {
      auto cfg = readProjectConfig(candidate.string());
      if (!cfg.ok()) return cfg.takeError();
      if (cfg->has_value()) return cfg;
    }
    if (!stop.empty() && dir == stop) break;
    const fs::path parent = dir.parent_path();
    if (parent == dir) break;
    dir = parent;
  }
  return std::optional<ProjectConfig>{};
}

Expected<std::optional<ProjectConfig>> readProjectConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError(ErrorCode::IoError, path + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return parseProjectConfig(ss.str(), path);
}

namespace {

// The numeric settings, each with the older name it replaces (read first, so the new one wins).
struct NumberSetting {
  const char* key;
  const char* oldKey;
  double Thresholds::*field;
  double lo, hi;
};

constexpr NumberSetting kNumberSettings[] = {
    {"checks.maxDropout", nullptr, &Thresholds::maxDropout, 0, 1},
    {"checks.learningRateMin", "checks.lrMin", &Thresholds::lrMin, 0, 1e6},
    {"checks.learningRateMax", "checks.lrMax", &Thresholds::lrMax, 0, 1e6},
    {"checks.learningRateMaxSgd", "checks.lrMaxSgd", &Thresholds::lrMaxSgd, 0, 1e6},
    {"checks.valAccuracyLimit", "checks.maxValAccuracy", &Thresholds::maxValAccuracy, 0, 1},
};

}  // namespace

std::vector<SettingSpec> checksSettingKeys() {
  const Thresholds defaults;
  std::vector<SettingSpec> out = {{"checks.enable", std::nullopt, true},
                                  {"checks.select", std::nullopt, true},
                                  {"checks.ignore", std::nullopt, true}};
  for (const NumberSetting& n : kNumberSettings) {
    out.push_back({n.key, defaults.*n.field, true});
    if (n.oldKey) out.push_back({n.oldKey, defaults.*n.field, false});
  }
  // Set by the server to its own rule pages; other clients may point it elsewhere.
  out.push_back({"checks.docsBaseUri", std::nullopt, false});
  return out;
}

ChecksConfig mergeConfig(const ProjectConfig* project, const Settings& settings,
                         std::vector<std::string>* warnings) {
  ChecksConfig c;
  if (project) {
    if (project->select) c.select = *project->select;
    if (project->ignore) c.ignore = *project->ignore;
    Thresholds& t = c.thresholds;
    t.maxDropout = project->maxDropout.value_or(t.maxDropout);
    t.lrMin = project->lrMin.value_or(t.lrMin);
    t.lrMax = project->lrMax.value_or(t.lrMax);
    t.lrMaxSgd = project->lrMaxSgd.value_or(t.lrMaxSgd);
    t.maxValAccuracy = project->maxValAccuracy.value_or(t.maxValAccuracy);
  }
  auto warn = [&](std::string w) {
    if (warnings) warnings->push_back(std::move(w));
  };
  auto list = [&](const char* key, std::vector<std::string>& into) {
    if (!settings.has(key)) return;
    auto v = settings.getList(key);
    if (!v) {
      warn(std::string(key) + ": expected a list of rule names; ignored");
      return;
    }
    into.clear();
    for (const std::string& s : *v) {
      if (isValidSelector(s)) into.push_back(s);
      else warn(std::string(key) + ": unknown rule '" + s + "'; ignored");
    }
  };
  if (settings.has("checks.enable")) {
    if (auto on = settings.getBool("checks.enable"))
      c.enable = *on;
    else
      warn("checks.enable: expected true or false; ignored");
  }
  list("checks.select", c.select);
  list("checks.ignore", c.ignore);
  auto number = [&](const char* key, double& into, double lo, double hi) {
    if (!settings.has(key)) return;
    auto v = settings.getNumber(key);
    if (!v || !std::isfinite(*v) || *v < lo || *v > hi) {
      warn(std::string(key) + ": expected a number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]; ignored");
      return;
    }
    into = *v;
  };
  for (const NumberSetting& n : kNumberSettings) {
    if (n.oldKey) number(n.oldKey, c.thresholds.*n.field, n.lo, n.hi);
    number(n.key, c.thresholds.*n.field, n.lo, n.hi);
  }
  if (auto uri = settings.getString("checks.docsBaseUri")) c.docsBaseUri = *uri;
  return c;
}

}  // namespace mlide::checks
