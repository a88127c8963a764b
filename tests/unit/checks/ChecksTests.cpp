// Unit tests of the checks engine: the catalogue and its documentation, configuration,
// suppressions, and a few rules end to end on inline sources (the fixtures under tests/rules
// cover every rule with expected output).
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

#include "core/python/SyntaxTree.hpp"
#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/Checker.hpp"
#include "plugins/checks/ChecksEngine.hpp"
#include "plugins/checks/Config.hpp"
#include "plugins/checks/Suppression.hpp"
#include "tests/unit/checks/LintUtil.hpp"

namespace mlide::checks {
namespace {

using testing::lint;

std::set<std::string> rules(const std::vector<Diag>& diags) {
  std::set<std::string> out;
  for (const Diag& d : diags) out.insert(d.rule);
  return out;
}

TEST(ChecksCatalogue, CodesAndSlugsAreUniqueAndWellFormed) {
  std::set<std::string> codes, slugs;
  for (const RuleInfo& r : catalogue()) {
    EXPECT_TRUE(codes.insert(std::string(r.code)).second) << r.code;
    EXPECT_TRUE(slugs.insert(std::string(r.slug)).second) << r.slug;
    EXPECT_EQ(r.code.size(), 5u) << r.code;
    EXPECT_EQ(r.code.substr(0, 2), "ML");
    EXPECT_FALSE(r.title.empty()) << r.slug;
    EXPECT_EQ(findRule(r.slug), &r);
    EXPECT_EQ(findRule(r.code), &r);
  }
}

TEST(ChecksCatalogue, EveryStaticRuleHasEveryDocumentationSection) {
  for (const RuleInfo& r : catalogue()) {
    if (!r.staticCheck) continue;
    const std::string doc(r.documentation());
    for (const char* section : {"## What it does", "## Why is this bad?", "## Example", "Use instead:", "## References"}) {
      EXPECT_NE(doc.find(section), std::string::npos) << r.slug << " lacks " << section;
    }
    if (r.fix() != FixAvailability::None) {
      EXPECT_NE(doc.find("## Fix safety"), std::string::npos) << r.slug << " has fixes but no Fix safety section";
    }
    // The example and the correction are code blocks.
    EXPECT_GE(std::count(doc.begin(), doc.end(), '`'), 12) << r.slug;
  }
}

TEST(ChecksCatalogue, DescribeReturnsThePage) {
  ChecksEngine engine;
  auto info = engine.describe("ML201");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->rule, "missing-softmax");
  EXPECT_NE(info->markdown.find("# missing-softmax (ML201)"), std::string::npos);
  EXPECT_TRUE(engine.describe("missing-zero-grad"));
  EXPECT_FALSE(engine.describe("no-such-rule"));
  EXPECT_FALSE(engine.documentation("ML999"));
}

TEST(ChecksConfig, SelectAndIgnoreFollowSpecificity) {
  ChecksConfig c;
  c.select = {"ML4"};
  c.ignore = {"ML401"};
  EXPECT_FALSE(c.enabled(*findRule("missing-zero-grad")));
  EXPECT_TRUE(c.enabled(*findRule("zero-grad-misplaced")));
  EXPECT_FALSE(c.enabled(*findRule("missing-softmax")));
  c.select = {"missing-zero-grad"};
  c.ignore = {"ML4"};
  EXPECT_TRUE(c.enabled(*findRule("missing-zero-grad")));
}

TEST(ChecksConfig, PyprojectTableIsParsedAndValidated) {
  auto cfg = parseProjectConfig("[project]\nname = 'x'\n[tool.mlide]\nignore = [\"high-dropout\"]\nmax-dropout = 0.7\n",
                                "pyproject.toml");
  ASSERT_TRUE(cfg.ok());
  ASSERT_TRUE(cfg->has_value());
  EXPECT_EQ((*cfg)->ignore->at(0), "high-dropout");
  EXPECT_DOUBLE_EQ(*(*cfg)->maxDropout, 0.7);
  auto bad = parseProjectConfig("[tool.mlide]\nselect = [\"not-a-rule\"]\n", "pyproject.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not-a-rule"), std::string::npos);
  auto unknownKey = parseProjectConfig("[tool.mlide]\nmax-droput = 0.7\n", "p.toml");
  EXPECT_FALSE(unknownKey.ok());
}

TEST(ChecksConfig, SettingsOverrideThresholds) {
  Settings s;
  s.set("checks.maxDropout", 0.9);
  s.set("checks.ignore", std::vector<std::string>{"ML201", "bogus"});
  std::vector<std::string> warnings;
  ChecksConfig c = mergeConfig(nullptr, s, &warnings);
  EXPECT_DOUBLE_EQ(c.thresholds.maxDropout, 0.9);
  EXPECT_EQ(c.ignore, std::vector<std::string>{"ML201"});
  ASSERT_EQ(warnings.size(), 1u);
}

TEST(ChecksSuppression, CommentsParse) {
  auto names = parseSuppressionComment("# mlide: ignore[high-dropout, ML302]");
  ASSERT_TRUE(names);
  EXPECT_EQ(names->size(), 2u);
  EXPECT_TRUE(parseSuppressionComment("# mlide: ignore")->empty());
  EXPECT_FALSE(parseSuppressionComment("# mlide: ignored"));
  EXPECT_FALSE(parseSuppressionComment("# not ours"));
}

constexpr const char* kKeras = R"(from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10)])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
)";

TEST(ChecksRules, MissingSoftmaxPointsAtTheOutputLayerWithTwoAlternatives) {
  auto diags = lint(kKeras);
  ASSERT_EQ(diags.size(), 1u);
  const Diag& d = diags[0];
  EXPECT_EQ(d.rule, "missing-softmax");
  EXPECT_EQ(d.code, "ML201");
  EXPECT_EQ(d.severity, Severity::Critical);
  const std::string text(kKeras);
  EXPECT_EQ(text.substr(d.range.begin, d.range.end - d.range.begin), "layers.Dense(10)");
  EXPECT_EQ(d.message.rfind("Critical: Missing softmax before a probability loss \xE2\x80\x94 ", 0), 0u) << d.message;
  ASSERT_EQ(d.fixes.size(), 2u);
  EXPECT_EQ(d.fixes[0].applicability, Applicability::Safe);
  EXPECT_EQ(applyEdits(text, d.fixes[0].edits).find("layers.Dense(10, activation='softmax')") != std::string::npos, true);
  EXPECT_NE(applyEdits(text, d.fixes[1].edits).find("keras.losses.SparseCategoricalCrossentropy(from_logits=True)"),
            std::string::npos);
  ASSERT_EQ(d.related.size(), 1u);
}

TEST(ChecksRules, SuppressionCommentSilencesTheFinding) {
  std::string text(kKeras);
  const std::size_t at = text.find("layers.Dense(10)])") + std::string("layers.Dense(10)])").size();
  text.insert(at, "  # mlide: ignore[missing-softmax]");
  EXPECT_TRUE(lint(text).empty());
  auto edit = suppressionEdit(kKeras, lint(kKeras).at(0));
  ASSERT_TRUE(edit);
  EXPECT_TRUE(lint(applyEdits(kKeras, {*edit})).empty());
}

TEST(ChecksRules, AnUnknownLossSilencesTheLossRules) {
  EXPECT_TRUE(lint(R"(from tensorflow import keras
from mylib import make_loss
model = keras.Sequential([keras.layers.Dense(10)])
model.compile(optimizer="adam", loss=make_loss())
)").empty());
}

TEST(ChecksRules, DocsUrlComesFromTheSetting) {
  ChecksConfig c;
  c.docsBaseUri = "file:///x/docs/rules/";
  auto diags = lint(kKeras, c);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].docUrl, "file:///x/docs/rules/missing-softmax.md");
}

TEST(ChecksRules, ConstantsAreFollowedAndThresholdsApply) {
  const char* src = R"(import torch
LR = -1e3
model = torch.nn.Linear(2, 2)
opt = torch.optim.Adam(model.parameters(), lr=LR)
drop = torch.nn.Dropout(0.6)
)";
  EXPECT_EQ(rules(lint(src)), (std::set<std::string>{"lr-out-of-range", "high-dropout"}));
  ChecksConfig c;
  c.thresholds.maxDropout = 0.7;
  EXPECT_EQ(rules(lint(src, c)), (std::set<std::string>{"lr-out-of-range"}));
  // A rate equal to the maximum is not reported (the settings say "strictly above").
  c.thresholds.maxDropout = 0.6;
  EXPECT_EQ(rules(lint(src, c)), (std::set<std::string>{"lr-out-of-range"}));
}

TEST(ChecksRules, TrainingLoopRules) {
  const char* src = R"(def train(model, loader, criterion, optimizer):
    for x, y in loader:
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
)";
  auto diags = lint(src);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].rule, "missing-zero-grad");
  ASSERT_FALSE(diags[0].fixes.empty());
  EXPECT_NE(applyEdits(src, diags[0].fixes[0].edits).find("    for x, y in loader:\n        optimizer.zero_grad()\n"),
            std::string::npos);
}

TEST(ChecksRules, PreviewRulesRunOnlyWhenSelected) {
  // Seeds NumPy, trains with torch, never seeds torch: seeds-not-set (preview) has a finding.
  const char* src = R"(import numpy as np
import torch
np.random.seed(3)
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for x, y in [(torch.ones(1, 2), torch.zeros(1, 2))]:
    optimizer.zero_grad()
    ((model(x) - y) ** 2).mean().backward()
    optimizer.step()
)";
  EXPECT_TRUE(lint(src).empty());
  ChecksConfig c;
  c.select = {"ML4"};  // a prefix does not pull in preview rules
  EXPECT_TRUE(lint(src, c).empty());
  c.select = {"seeds-not-set"};
  auto diags = lint(src, c);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].code, "ML409");
  ASSERT_EQ(diags[0].fixes.size(), 1u);
  EXPECT_NE(
      applyEdits(src, diags[0].fixes[0].edits).find("np.random.seed(3)\ntorch.manual_seed(3)\n"),
      std::string::npos);
}

TEST(ChecksRules, MissingStepLeavesAccumulationAlone) {
  const char* bug = R"(import torch
def train(model, loader, criterion, optimizer):
    for x, y in loader:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
)";
  auto diags = lint(bug);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].rule, "missing-step");
  ASSERT_FALSE(diags[0].fixes.empty());
  EXPECT_EQ(diags[0].fixes[0].applicability, Applicability::Safe);
  EXPECT_NE(applyEdits(bug, diags[0].fixes[0].edits).find("backward()\n        optimizer.step()\n"),
            std::string::npos);
  // The same loop followed by a step() once per pass is gradient accumulation.
  const std::string accumulation = std::string(bug) + "    optimizer.step()\n";
  EXPECT_TRUE(lint(accumulation).empty());
}

}  // namespace
}  // namespace mlide::checks
