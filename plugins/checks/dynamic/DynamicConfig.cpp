#include <cctype>
#include <cmath>
#include <filesystem>

#include "plugins/checks/Config.hpp"
#include "plugins/checks/dynamic/DynamicCheck.hpp"

namespace mlide::training {
namespace {

// One threshold: its setting "training.<name>", its `[tool.mlide.training]` key (kebab-case of
// the name) and the values that make sense. Exactly one of `number` / `integer` is set.
struct Field {
  const char* name;
  double DynamicConfig::*number;
  int DynamicConfig::*integer;
  double lo, hi;
  bool shared;  // the static checks' threshold too: set in [tool.mlide] / "checks.*"
};

constexpr Field kFields[] = {
    {"inputMaxAbs", &DynamicConfig::inputMaxAbs, nullptr, 0, 1e12, false},
    {"lrMin", &DynamicConfig::lrMin, nullptr, 0, 1e6, true},
    {"lrMaxAdaptive", &DynamicConfig::lrMaxAdaptive, nullptr, 0, 1e6, true},
    {"lrMaxSgd", &DynamicConfig::lrMaxSgd, nullptr, 0, 1e6, true},
    {"overfittingPatience", nullptr, &DynamicConfig::overfittingPatience, 1, 1000, false},
    {"overfittingMinRise", &DynamicConfig::overfittingMinRise, nullptr, 0, 100, false},
    {"valAccuracyFromEpoch", nullptr, &DynamicConfig::valAccuracyFromEpoch, 0, 1e6, false},
    {"valAccuracyMax", &DynamicConfig::valAccuracyMax, nullptr, 0, 1, true},
    {"valAboveTrainMargin", &DynamicConfig::valAboveTrainMargin, nullptr, 0, 1, false},
    {"stallWindow", nullptr, &DynamicConfig::stallWindow, 1, 1e6, false},
    {"stallMinDecrease", &DynamicConfig::stallMinDecrease, nullptr, 0, 1, false},
    {"stallMinProgress", &DynamicConfig::stallMinProgress, nullptr, 0, 1, false},
    {"divergeWindow", nullptr, &DynamicConfig::divergeWindow, 1, 1e6, false},
    {"divergeFactor", &DynamicConfig::divergeFactor, nullptr, 1, 1e6, false},
    {"chanceTolerance", &DynamicConfig::chanceTolerance, nullptr, 0, 1, false},
    {"chanceAfterFraction", &DynamicConfig::chanceAfterFraction, nullptr, 0, 1, false},
    {"chanceMinEpochs", nullptr, &DynamicConfig::chanceMinEpochs, 0, 1e6, false},
    {"oscillationWindow", nullptr, &DynamicConfig::oscillationWindow, 3, 1e6, false},
    {"oscillationMinFlips", &DynamicConfig::oscillationMinFlips, nullptr, 0, 1, false},
    {"oscillationMinAmplitude", &DynamicConfig::oscillationMinAmplitude, nullptr, 0, 100, false},
    {"gradVanishing", &DynamicConfig::gradVanishing, nullptr, 0, 1e6, false},
    {"gradExploding", &DynamicConfig::gradExploding, nullptr, 0, 1e12, false},
    {"gradDeadFraction", &DynamicConfig::gradDeadFraction, nullptr, 0, 1, false},
};

std::string kebab(std::string_view name) {
  std::string out;
  for (char ch : name) {
    if (std::isupper(static_cast<unsigned char>(ch))) {
      out += '-';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else {
      out += ch;
    }
  }
  return out;
}

std::string range(const Field& f) {
  auto num = [](double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  return std::string(f.integer ? "an integer" : "a number") + " in [" + num(f.lo) + ", " +
         num(f.hi) + "]";
}

// Empty when `v` suits `f`, else what is wrong.
std::string assign(const Field& f, double v, DynamicConfig& c) {
  if (!std::isfinite(v) || v < f.lo || v > f.hi || (f.integer && v != std::floor(v))) {
    return "expected " + range(f);
  }
  if (f.integer)
    c.*f.integer = static_cast<int>(v);
  else
    c.*f.number = v;
  return {};
}

// A dynamic check's slug for a slug or code, or "" for anything else.
std::string dynamicSlug(const std::string& name) {
  const DynamicRule* rule = findDynamicRule(name);
  return rule ? std::string(rule->slug) : std::string();
}

Status applyProjectTable(const ::mlide::checks::TomlTable& table, const std::string& path,
                         DynamicConfig& c) {
  for (const auto& [key, value] : table) {
    auto fail = [&, &k = key, &v = value](const std::string& what) {
      return makeError(ErrorCode::ParseError, path + ":" + std::to_string(v.line) + ":" +
                                                  std::to_string(v.column) +
                                                  ": [tool.mlide.training] " + k + ": " + what);
    };
    if (key == "disable") {
      const auto* items = std::get_if<std::vector<::mlide::checks::TomlValue>>(&value.v);
      if (!items) return fail("expected an array of training check names");
      for (const auto& item : *items) {
        const auto* s = std::get_if<std::string>(&item.v);
        const std::string slug = s ? dynamicSlug(*s) : std::string();
        if (slug.empty())
          return fail("unknown training check " +
                      (s ? "'" + *s + "'" : std::string("(not a string)")));
        c.disabled.insert(slug);
      }
      continue;
    }
    const Field* field = nullptr;
    for (const Field& f : kFields) {
      if (kebab(f.name) == key) field = &f;
    }
    const bool sharedKey =
        key == "lr-min" || key == "lr-max" || key == "lr-max-sgd" || key == "max-val-accuracy";
    if (sharedKey || (field && field->shared)) {
      return fail(
          "the learning-rate range and max-val-accuracy are shared with the static checks: set "
          "lr-min, "
          "lr-max, lr-max-sgd or max-val-accuracy in [tool.mlide]");
    }
    if (!field) {
      std::string known = "disable";
      for (const Field& f : kFields) {
        if (!f.shared) known += ", " + kebab(f.name);
      }
      return fail("unknown key (known keys: " + known + ")");
    }
    const auto* num = std::get_if<double>(&value.v);
    if (!num)
      return fail(std::string("expected a number, found ") + ::mlide::checks::tomlTypeName(value));
    if (std::string what = assign(*field, *num, c); !what.empty()) return fail(what);
  }
  return okStatus();
}

}  // namespace

Expected<DynamicConfig> DynamicConfig::resolve(const ::mlide::checks::ProjectConfig* project,
                                               const Settings& s,
                                               std::vector<std::string>* warnings) {
  DynamicConfig c;
  // [tool.mlide] and "checks.*": the thresholds the static lr-out-of-range and the training
  // checks share (the checks engine reports bad values of those keys).
  const ::mlide::checks::Thresholds shared = ::mlide::checks::mergeConfig(project, s).thresholds;
  c.lrMin = shared.lrMin;
  c.lrMaxAdaptive = shared.lrMax;
  c.lrMaxSgd = shared.lrMaxSgd;
  c.valAccuracyMax = shared.maxValAccuracy;
  if (project && project->training) {
    if (auto st = applyProjectTable(*project->training, project->path, c); !st)
      return st.takeError();
  }
  auto warn = [&](std::string w) {
    if (warnings) warnings->push_back(std::move(w));
  };
  if (s.has("training.disable")) {
    if (auto list = s.getList("training.disable")) {
      for (const std::string& name : *list) {
        if (std::string slug = dynamicSlug(name); !slug.empty())
          c.disabled.insert(slug);
        else
          warn("training.disable: unknown training check '" + name + "'; ignored");
      }
    } else {
      warn("training.disable: expected a list of training check names; ignored");
    }
  }
  for (const Field& f : kFields) {
    const std::string key = std::string("training.") + f.name;
    if (!s.has(key)) continue;
    const auto v = s.getNumber(key);
    const std::string what = v ? assign(f, *v, c) : "expected " + range(f);
    if (!what.empty()) warn(key + ": " + what + "; ignored");
  }
  return c;
}

DynamicConfig DynamicConfig::fromSettings(const Settings& settings) {
  auto c = resolve(nullptr, settings);
  return c ? *c : DynamicConfig{};
}

Expected<WorkspaceDynamicConfig> loadDynamicConfig(const std::string& configFile,
                                                   const std::string& dir, const Settings& settings,
                                                   std::vector<std::string>* warnings) {
  Expected<std::optional<::mlide::checks::ProjectConfig>> project =
      configFile.empty() ? ::mlide::checks::findProjectConfig(
                               (std::filesystem::path(dir) / "pyproject.toml").string())
                         : ::mlide::checks::readProjectConfig(configFile);
  if (!project) return project.takeError();
  if (!configFile.empty() && !project->has_value()) {
    return makeError(ErrorCode::InvalidArgument,
                     configFile + ": no [tool.mlide] or [tool.mlide.training] table");
  }
  const ::mlide::checks::ProjectConfig* p = project->has_value() ? &**project : nullptr;
  auto config = DynamicConfig::resolve(p, settings, warnings);
  if (!config) return config.takeError();
  return WorkspaceDynamicConfig{std::move(*config), p ? p->path : std::string()};
}

std::vector<SettingSpec> DynamicConfig::settingKeys() {
  const DynamicConfig defaults;
  std::vector<SettingSpec> out = {{"training.disable", std::nullopt, true}};
  for (const Field& f : kFields) {
    const double value = f.integer ? defaults.*f.integer : defaults.*f.number;
    out.push_back({std::string("training.") + f.name, value, !f.shared});
  }
  return out;
}

}  // namespace mlide::training
