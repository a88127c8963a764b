// Fixes that the rule fixtures cannot show: tests/rules/*.fixed.py holds only the result of the
// safe fixes, so the unsafe and display-only fixes of a few rules are applied here.
#include <gtest/gtest.h>

#include <string>

#include "plugins/checks/Checker.hpp"
#include "plugins/checks/Config.hpp"
#include "tests/unit/checks/LintUtil.hpp"

namespace mlide::checks {
namespace {

std::vector<Diag> lintOnly(const std::string& text, const std::string& slug) {
  ChecksConfig config;
  config.select = {slug};
  return testing::lint(text, config);
}

TEST(RuleFixes, DropoutMovesAfterBatchNormInALayerList) {
  const std::string src =
      "import torch.nn as nn\n"
      "head = nn.Sequential(\n    nn.Linear(512, 128),\n    nn.Dropout(0.3),\n    "
      "nn.BatchNorm1d(128),\n"
      "    nn.Linear(128, 10),\n)\n";
  auto diags = lintOnly(src, "dropout-before-batchnorm");
  ASSERT_EQ(diags.size(), 1u);
  ASSERT_EQ(diags[0].fixes.size(), 1u);
  EXPECT_EQ(diags[0].fixes[0].applicability, Applicability::Unsafe);
  EXPECT_EQ(applyEdits(src, diags[0].fixes[0].edits),
            "import torch.nn as nn\n"
            "head = nn.Sequential(\n    nn.Linear(512, 128),\n    nn.BatchNorm1d(128),\n    "
            "nn.Dropout(0.3),\n"
            "    nn.Linear(128, 10),\n)\n");
}

TEST(RuleFixes, DropoutMovesAfterBatchNormAcrossModelAddStatements) {
  const std::string src =
      "from tensorflow.keras import layers, models\nmodel = models.Sequential()\n"
      "model.add(layers.Dense(64, activation='relu'))\nmodel.add(layers.Dropout(0.3))\n"
      "model.add(layers.BatchNormalization())\nmodel.add(layers.Dense(10, activation='softmax'))\n";
  auto diags = lintOnly(src, "dropout-before-batchnorm");
  ASSERT_EQ(diags.size(), 1u);
  ASSERT_EQ(diags[0].fixes.size(), 1u);
  EXPECT_EQ(
      applyEdits(src, diags[0].fixes[0].edits),
      "from tensorflow.keras import layers, models\nmodel = models.Sequential()\n"
      "model.add(layers.Dense(64, activation='relu'))\nmodel.add(layers.BatchNormalization())\n"
      "model.add(layers.Dropout(0.3))\nmodel.add(layers.Dense(10, activation='softmax'))\n");
}

TEST(RuleFixes, DropoutIsNotMovedAcrossAComment) {
  const std::string src =
      "import torch.nn as nn\n"
      "head = nn.Sequential(nn.Linear(512, 128), nn.Dropout(0.3),  # regularise\n"
      "                     nn.BatchNorm1d(128), nn.Linear(128, 10))\n";
  auto diags = lintOnly(src, "dropout-before-batchnorm");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_TRUE(diags[0].fixes.empty());
}

TEST(RuleFixes, UnscaledTorchvisionImagesGetADisplayOnlyNormalizeSnippet) {
  const std::string src =
      "import torchvision.transforms as T\nfrom torchvision import datasets\n"
      "ds = datasets.MNIST('data', transform=T.Compose([T.RandomCrop(24), T.PILToTensor()]))\n";
  auto diags = lintOnly(src, "input-not-normalized");
  ASSERT_EQ(diags.size(), 1u);
  const Diag& d = diags[0];
  EXPECT_EQ(src.substr(d.range.begin, d.range.end - d.range.begin), "T.PILToTensor()");
  ASSERT_EQ(d.fixes.size(), 2u);
  EXPECT_EQ(d.fixes[0].applicability, Applicability::Unsafe);
  EXPECT_EQ(applyEdits(src, d.fixes[0].edits).find("T.Compose([T.RandomCrop(24), T.ToTensor()])") !=
                std::string::npos,
            true);
  EXPECT_EQ(d.fixes[1].applicability, Applicability::DisplayOnly);
  ASSERT_EQ(d.fixes[1].edits.size(), 1u);
  EXPECT_EQ(d.fixes[1].edits[0].content, "T.ToTensor(), T.Normalize(mean, std)");
}

}  // namespace
}  // namespace mlide::checks
