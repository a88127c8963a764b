// The VS Code settings (vscode-extension/package.json, contributes.configuration) and the keys
// the server reads agree: a declared mlide.checks.* / mlide.training.* setting that the server
// ignores, a key the server reads that the editor does not offer, or a default that differs
// all fail here.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "lsp-server/server/TrainingBridge.hpp"
#include "plugins/checks/Config.hpp"
#include "plugins/checks/dynamic/DynamicCheck.hpp"

namespace mlide {
namespace {

// Every "checks.*" and "training.*" key the server reads, by key.
std::map<std::string, SettingSpec> serverKeys() {
  std::map<std::string, SettingSpec> out;
  for (auto list : {checks::checksSettingKeys(), training::DynamicConfig::settingKeys(),
                    server::TrainingBridge::listenerSettingKeys()}) {
    for (SettingSpec& s : list) {
      EXPECT_TRUE(out.emplace(s.key, s).second) << "read by two components: " << s.key;
    }
  }
  return out;
}

// package.json's settings under mlide.checks. and mlide.training., without the "mlide." prefix.
std::map<std::string, nlohmann::json> declaredKeys() {
  std::ifstream in(std::string(MLIDE_SOURCE_DIR) + "/vscode-extension/package.json");
  std::stringstream ss;
  ss << in.rdbuf();
  const auto pkg = nlohmann::json::parse(ss.str());
  std::map<std::string, nlohmann::json> out;
  for (const auto& [key, spec] :
       pkg.at("contributes").at("configuration").at("properties").items()) {
    if (key.rfind("mlide.checks.", 0) == 0 || key.rfind("mlide.training.", 0) == 0)
      out[key.substr(6)] = spec;
  }
  return out;
}

TEST(SettingsManifest, EveryDeclaredSettingIsReadByTheServer) {
  const auto server = serverKeys();
  const auto declared = declaredKeys();
  ASSERT_GT(declared.size(), 10u);
  for (const auto& [key, spec] : declared) {
    auto it = server.find(key);
    ASSERT_NE(it, server.end()) << "mlide." << key
                                << " is declared in package.json but the server never reads it";
    EXPECT_TRUE(it->second.editorSetting)
        << "mlide." << key << " is an old or internal key: declare the current name";
  }
}

TEST(SettingsManifest, EverySettingTheServerReadsIsDeclared) {
  const auto declared = declaredKeys();
  for (const auto& [key, spec] : serverKeys()) {
    if (!spec.editorSetting) continue;
    EXPECT_TRUE(declared.count(key))
        << "the server reads " << key << " but package.json does not declare mlide." << key;
  }
}

TEST(SettingsManifest, DeclaredDefaultsAreTheServersDefaults) {
  const auto server = serverKeys();
  for (const auto& [key, spec] : declaredKeys()) {
    auto it = server.find(key);
    if (it == server.end() || !it->second.numberDefault) continue;
    ASSERT_TRUE(spec.contains("default") && spec["default"].is_number()) << key;
    EXPECT_DOUBLE_EQ(spec["default"].get<double>(), *it->second.numberDefault)
        << "default of mlide." << key;
    if (spec.contains("minimum")) {
      EXPECT_LE(spec["minimum"].get<double>(), *it->second.numberDefault) << key;
    }
    if (spec.contains("maximum")) {
      EXPECT_GE(spec["maximum"].get<double>(), *it->second.numberDefault) << key;
    }
  }
}

}  // namespace
}  // namespace mlide
