// One rule, one threshold: how pyproject.toml ([tool.mlide], [tool.mlide.training]) and the
// editor settings (checks.*, training.*) combine for the static and the training-session
// checks, the renamed settings, checks.enable, and the errors a bad table gives.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>

#include "core/python/SyntaxTree.hpp"
#include "plugins/checks/ChecksEngine.hpp"
#include "plugins/checks/Config.hpp"
#include "plugins/checks/dynamic/DynamicCheck.hpp"
#include "tests/unit/training/TempDir.hpp"

namespace mlide {
namespace {

using checks::parseProjectConfig;
using training::DynamicConfig;

checks::ProjectConfig project(const std::string& toml) {
  auto cfg = parseProjectConfig(toml, "pyproject.toml");
  EXPECT_TRUE(cfg.ok()) << (cfg.ok() ? "" : cfg.error().message);
  return cfg.ok() && cfg->has_value() ? **cfg : checks::ProjectConfig{};
}

TEST(ConfigPrecedence, NewSettingNamesAreReadAndWinOverTheOldOnes) {
  Settings s;
  s.set("checks.learningRateMin", 1e-6);
  s.set("checks.learningRateMax", 0.2);
  s.set("checks.learningRateMaxSgd", 3.0);
  s.set("checks.valAccuracyLimit", 0.99);
  s.set("checks.lrMax", 0.5);  // the old name of learningRateMax: loses to it
  s.set("checks.lrMaxSgd", 4.0);
  const checks::Thresholds t = checks::mergeConfig(nullptr, s).thresholds;
  EXPECT_DOUBLE_EQ(t.lrMin, 1e-6);
  EXPECT_DOUBLE_EQ(t.lrMax, 0.2);
  EXPECT_DOUBLE_EQ(t.lrMaxSgd, 3.0);
  EXPECT_DOUBLE_EQ(t.maxValAccuracy, 0.99);
  Settings old;
  old.set("checks.maxValAccuracy", 0.9);
  old.set("checks.lrMin", 1e-5);
  EXPECT_DOUBLE_EQ(checks::mergeConfig(nullptr, old).thresholds.maxValAccuracy, 0.9);
  EXPECT_DOUBLE_EQ(checks::mergeConfig(nullptr, old).thresholds.lrMin, 1e-5);
}

TEST(ConfigPrecedence, TrainingChecksFallBackToTheSharedThresholds) {
  const checks::ProjectConfig p =
      project("[tool.mlide]\nlr-max = 0.05\nlr-max-sgd = 20\nmax-val-accuracy = 0.9\n");
  auto fromProject = DynamicConfig::resolve(&p, Settings{});
  ASSERT_TRUE(fromProject.ok());
  EXPECT_DOUBLE_EQ(fromProject->lrMaxAdaptive, 0.05);
  EXPECT_DOUBLE_EQ(fromProject->lrMaxSgd, 20);
  EXPECT_DOUBLE_EQ(fromProject->valAccuracyMax, 0.9);
  EXPECT_DOUBLE_EQ(fromProject->lrMin, 1e-7);  // not in the table: the default

  Settings s;
  s.set("checks.learningRateMaxSgd", 30.0);  // an editor setting beats pyproject.toml
  s.set("checks.valAccuracyLimit", 0.97);
  s.set("training.valAccuracyMax", 0.8);  // and the training-only key beats both
  auto merged = DynamicConfig::resolve(&p, s);
  ASSERT_TRUE(merged.ok());
  EXPECT_DOUBLE_EQ(merged->lrMaxSgd, 30);
  EXPECT_DOUBLE_EQ(merged->lrMaxAdaptive, 0.05);
  EXPECT_DOUBLE_EQ(merged->valAccuracyMax, 0.8);
}

TEST(ConfigPrecedence, TrainingTableIsReadAndSettingsWinOverIt) {
  const checks::ProjectConfig p = project(
      "[tool.mlide]\nmax-dropout = 0.6\n\n[tool.mlide.training]\noverfitting-patience = "
      "6\nstall-min-decrease = 0.1\n"
      "disable = [\"ML308\", \"negative-loss\"]\n");
  EXPECT_DOUBLE_EQ(*p.maxDropout, 0.6);
  auto c = DynamicConfig::resolve(&p, Settings{});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->overfittingPatience, 6);
  EXPECT_DOUBLE_EQ(c->stallMinDecrease, 0.1);
  EXPECT_EQ(c->disabled, (std::set<std::string>{"oscillating-metric", "negative-loss"}));
  Settings s;
  s.set("training.overfittingPatience", 2.0);
  EXPECT_EQ(DynamicConfig::resolve(&p, s)->overfittingPatience, 2);
  // A file with only the training table is a project configuration too.
  EXPECT_EQ(project("[tool.mlide.training]\ndiverge-window = 7\n").training->size(), 1u);
}

TEST(ConfigPrecedence, BadTrainingTableValuesAreErrorsWithTheirPlace) {
  auto check = [](const std::string& toml, const std::string& expected) {
    const checks::ProjectConfig p = project(toml);
    auto c = DynamicConfig::resolve(&p, Settings{});
    ASSERT_FALSE(c.ok()) << toml;
    EXPECT_NE(c.error().message.find(expected), std::string::npos) << c.error().message;
  };
  check("[tool.mlide.training]\noverfiting-patience = 3\n",
        "pyproject.toml:2:23: [tool.mlide.training] overfiting-patience: unknown key");
  check("[tool.mlide.training]\noverfitting-patience = 2.5\n", "expected an integer in [1, 1000]");
  check("[tool.mlide.training]\nstall-min-decrease = \"x\"\n", "expected a number, found a string");
  check("[tool.mlide.training]\nlr-max = 0.1\n",
        "set lr-min, lr-max, lr-max-sgd or max-val-accuracy in [tool.mlide]");
  check("[tool.mlide.training]\nval-accuracy-max = 0.9\n", "shared with the static checks");
  check("[tool.mlide.training]\ndisable = [\"overfit\"]\n", "unknown training check 'overfit'");
  // Other sub-tables are still refused, naming the one that is known.
  auto other = parseProjectConfig("[tool.mlide.rules]\nx = 1\n", "p.toml");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message.find("known: [tool.mlide.training]"), std::string::npos)
      << other.error().message;
}

TEST(ConfigPrecedence, BadTrainingSettingsAreWarnedAndIgnored) {
  Settings s;
  s.set("training.stallWindow", 0.0);
  s.set("training.divergeFactor", std::string("two"));
  s.set("training.disable", std::vector<std::string>{"overfitting", "nope"});
  std::vector<std::string> warnings;
  auto c = DynamicConfig::resolve(nullptr, s, &warnings);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->stallWindow, DynamicConfig{}.stallWindow);
  EXPECT_DOUBLE_EQ(c->divergeFactor, DynamicConfig{}.divergeFactor);
  EXPECT_EQ(c->disabled, std::set<std::string>{"overfitting"});
  EXPECT_EQ(warnings.size(), 3u);
}

TEST(ConfigPrecedence, WorkspaceConfigIsFoundUpwardsOrGivenExplicitly) {
  training::testing::TempDir dir;
  std::filesystem::create_directories(dir.file("sub/deeper"));
  std::ofstream(dir.file("pyproject.toml")) << "[tool.mlide]\nlr-max-sgd = 50\n";
  std::ofstream(dir.file("other.toml")) << "[tool.mlide.training]\noverfitting-patience = 9\n";
  std::ofstream(dir.file("plain.toml")) << "[project]\nname = 'x'\n";
  auto found = training::loadDynamicConfig("", dir.file("sub/deeper"), Settings{});
  ASSERT_TRUE(found.ok());
  EXPECT_DOUBLE_EQ(found->config.lrMaxSgd, 50);
  EXPECT_EQ(found->path, dir.file("pyproject.toml"));
  auto explicitFile =
      training::loadDynamicConfig(dir.file("other.toml"), dir.file("sub"), Settings{});
  ASSERT_TRUE(explicitFile.ok());
  EXPECT_EQ(explicitFile->config.overfittingPatience, 9);
  EXPECT_DOUBLE_EQ(explicitFile->config.lrMaxSgd, 1.0);  // the explicit file replaces the search
  EXPECT_FALSE(training::loadDynamicConfig(dir.file("missing.toml"), ".", Settings{}).ok());
  EXPECT_FALSE(training::loadDynamicConfig(dir.file("plain.toml"), ".", Settings{}).ok());
}

TEST(ConfigPrecedence, ChecksEnableFalseSilencesTheChecksEngine) {
  training::testing::TempDir dir;
  const std::string path = dir.file("train.py");
  // A malformed pyproject.toml is not reported either while the checks are off.
  std::ofstream(dir.file("pyproject.toml")) << "[tool.mlide]\nmax-droput = 1\n";
  const auto text = std::make_shared<const std::string>(
      "import torch\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters(), "
      "lr=-1.0)\n");
  py::Parser parser;
  auto tree = parser.parse(text);
  ASSERT_TRUE(tree.ok());
  SourceFile file;
  file.uri = "file://" + path;
  file.path = path;
  file.tree = *tree;
  checks::ChecksEngine engine;
  EXPECT_FALSE(engine.lint(file, CancellationToken{}).ok());  // on: the bad table is an error
  std::filesystem::remove(dir.file("pyproject.toml"));
  auto on = engine.lint(file, CancellationToken{});
  ASSERT_TRUE(on.ok());
  EXPECT_FALSE(on->empty());
  Settings off;
  off.set("checks.enable", false);
  engine.configure(off, dir.path());
  auto silent = engine.lint(file, CancellationToken{});
  ASSERT_TRUE(silent.ok());
  EXPECT_TRUE(silent->empty());
  engine.configure(Settings{}, dir.path());
  EXPECT_EQ(engine.lint(file, CancellationToken{})->size(), on->size());
}

}  // namespace
}  // namespace mlide
