#include <gtest/gtest.h>

#include <set>

#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/dynamic/DynamicCheck.hpp"
#include "tests/unit/training/TrainingTestUtil.hpp"

namespace mlide::training {
namespace {

using namespace testing;

std::vector<DynamicFinding> run(const RunHistory& h, DynamicConfig c = {}) { return runDynamicChecks(h, c); }

TEST(DynamicCatalogue, EveryRuleIsDocumentedWithUniqueCodeAndSlug) {
  std::set<std::string_view> codes, slugs;
  for (const DynamicRule& r : dynamicRules()) {
    EXPECT_TRUE(codes.insert(r.code).second) << r.code;
    EXPECT_TRUE(slugs.insert(r.slug).second) << r.slug;
    EXPECT_FALSE(r.code.empty()) << r.slug;
    EXPECT_FALSE(r.title.empty()) << r.slug;
    for (const char* section : {"## What it does", "## Why is this bad?", "## Example", "Use instead:", "## References"}) {
      EXPECT_NE(r.documentation.find(section), std::string_view::npos) << r.slug << " lacks " << section;
    }
    EXPECT_EQ(findDynamicRule(r.slug), &r);
    EXPECT_EQ(findDynamicRule(r.code), &r);
    // One code table: the catalogue's code for the slug, and the catalogue knows it runs live.
    const mlide::checks::RuleInfo* info = mlide::checks::findRule(r.slug);
    ASSERT_NE(info, nullptr) << r.slug << " is not in the code table (plugins/checks/Codes.cpp)";
    EXPECT_EQ(info->code, r.code) << r.slug;
    EXPECT_EQ(info->severity, r.severity) << r.slug << ": the catalogue and the check disagree on the severity";
    EXPECT_TRUE(info->dynamicCheck) << r.slug;
  }
  for (const mlide::checks::RuleInfo& info : mlide::checks::catalogue()) {
    if (info.dynamicCheck) {
      EXPECT_NE(findDynamicRule(info.slug), nullptr) << info.slug << " is marked dynamic";
    }
  }
  for (const char* slug : {"input-not-normalized", "nan-in-input", "nan-loss", "image-layout", "lr-out-of-range",
                           "overfitting", "suspicious-val-accuracy", "loss-not-decreasing", "loss-diverging",
                           "accuracy-at-chance", "oscillating-metric", "negative-loss", "gradient-health"}) {
    EXPECT_NE(findDynamicRule(slug), nullptr) << slug;
  }
}

TEST(Overfitting, ReportsEveryEpochOfSustainedDivergence) {
  auto h = losses({1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.15},
                  {1.0, 0.85, 0.7, 0.72, 0.75, 0.8, 0.9, 0.95});
  auto f = only(run(h), "overfitting");
  ASSERT_EQ(f.size(), 1u);
  // Val rose at 3, 4, 5 (three epochs): first reported at 5; still rising at 6 and 7.
  EXPECT_EQ(f[0].epochs, (std::vector<int>{5, 6, 7}));
  EXPECT_EQ(f[0].anchor, Anchor::TrainingLoop);
  EXPECT_NE(f[0].message.find("0.7 (epoch 2)"), std::string::npos) << f[0].message;
}

TEST(Overfitting, OneNoisyEpochIsNotOverfitting) {
  auto h = losses({1.0, 0.8, 0.6, 0.5, 0.4, 0.3}, {1.0, 0.85, 0.9, 0.7, 0.65, 0.6});
  EXPECT_TRUE(only(run(h), "overfitting").empty());
}

TEST(Overfitting, PatienceIsConfigurable) {
  auto h = losses({1.0, 0.8, 0.6, 0.5}, {1.0, 0.8, 0.9, 1.0});
  DynamicConfig c;
  EXPECT_TRUE(only(run(h, c), "overfitting").empty());
  c.overfittingPatience = 2;
  auto f = only(run(h, c), "overfitting");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].epochs, (std::vector<int>{3}));
  h.model.framework = "keras";
  EXPECT_EQ(only(run(h, c), "overfitting")[0].anchor, Anchor::FitCall);
}

TEST(NanLoss, ReportsNonFiniteEpochsAndBlamesTheRate) {
  auto h = losses({2.3, 40.0, kNaN, kNaN});
  h.epochs[2].lr = 10.0;
  auto f = only(run(h), "nan-loss");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].epochs, (std::vector<int>{2, 3}));
  EXPECT_EQ(f[0].severity, Severity::Critical);  // Umlaut's qualifier for NaN
  EXPECT_EQ(f[0].anchor, Anchor::Optimizer);
  EXPECT_NE(f[0].message.find("learning rate of 10"), std::string::npos) << f[0].message;
  h.epochs[1].metrics["loss"] = kInf;
  EXPECT_EQ(only(run(h), "nan-loss")[0].epochs, (std::vector<int>{1, 2, 3}));
}

TEST(NanLoss, PointsAtTheDataWhenTheInputHadNaN) {
  auto h = losses({kNaN});
  auto s = batchStats(0, 0, 1, false);
  s.nanCount = 3;
  h.inputs.push_back(s);
  auto all = run(h);
  ASSERT_EQ(only(all, "nan-loss").size(), 1u);
  EXPECT_EQ(only(all, "nan-loss")[0].anchor, Anchor::DataScaling);
  ASSERT_EQ(only(all, "nan-in-input").size(), 1u);
  EXPECT_EQ(only(all, "nan-in-input")[0].epochs, (std::vector<int>{0}));
}

TEST(InputNotNormalized, RawPixelsFireWithScale255) {
  RunHistory h;
  h.inputs.push_back(batchStats(0, 0, 255, true));
  h.inputs.push_back(batchStats(1, 0, 255, true));
  auto f = only(run(h), "input-not-normalized");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].epochs, (std::vector<int>{0, 1}));
  ASSERT_TRUE(f[0].inputScale);
  EXPECT_EQ(*f[0].inputScale, 255.0);
  EXPECT_EQ(f[0].anchor, Anchor::DataScaling);
}

TEST(InputNotNormalized, StandardizedDataAndTokenIdsDoNotFire) {
  RunHistory h;
  h.inputs.push_back(batchStats(0, -4.2, 5.1, false));           // z-scored
  h.inputs.push_back(batchStats(1, 0, 1, true));                  // binary images
  h.inputs.push_back(batchStats(2, 0, 30000, true, "int64", {32, 128}));  // token ids
  EXPECT_TRUE(only(run(h), "input-not-normalized").empty());
  h.inputs.push_back(batchStats(3, -300, 900, false));            // physical units
  auto f = only(run(h), "input-not-normalized");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].epochs, (std::vector<int>{3}));
  EXPECT_FALSE(f[0].inputScale);
}

TEST(ImageLayout, ChannelsLastIntoConv2d) {
  RunHistory h;
  h.model.firstConvInChannels = 3;
  h.model.firstConvName = "features.0";
  h.inputs.push_back(batchStats(0, 0, 1, false, "float32", {16, 32, 32, 3}));
  auto f = only(run(h), "image-layout");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].anchor, Anchor::FirstConv);
  h.inputs[0].shape = {16, 3, 32, 32};
  EXPECT_TRUE(only(run(h), "image-layout").empty());
  h.model.channelsLast = true;  // Keras, channels-first data
  EXPECT_EQ(only(run(h), "image-layout").size(), 1u);
}

TEST(LrOutOfRange, NegativeHighLowAndScheduler) {
  RunHistory h;
  h.model.optimizerClass = "Adam";
  h.model.initialLr = -1000.0;
  h.epochs = {epoch(0, {{"loss", 1}}, -1000.0), epoch(1, {{"loss", 1}}, -1000.0)};
  auto f = only(run(h), "lr-out-of-range");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].key, "non-positive");
  EXPECT_EQ(f[0].severity, Severity::Error);
  EXPECT_EQ(f[0].anchor, Anchor::Optimizer);
  EXPECT_EQ(f[0].epochs, (std::vector<int>{0, 1}));
  EXPECT_EQ(f[0].suggestedLr, 1e-3);

  // A scheduler raising SGD's rate above 1.0 from epoch 2.
  h.model.optimizerClass = "SGD";
  h.model.schedulerClass = "StepLR";
  h.model.initialLr = 0.1;
  h.epochs = {epoch(0, {}, 0.1), epoch(1, {}, 0.5), epoch(2, {}, 2.5), epoch(3, {}, 12.5)};
  f = only(run(h), "lr-out-of-range");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].key, "high");
  EXPECT_EQ(f[0].anchor, Anchor::Scheduler);
  EXPECT_EQ(f[0].epochs, (std::vector<int>{2, 3}));
  // Adam at 0.1 is high; SGD at 0.1 is not.
  h.model.optimizerClass = "Adam";
  EXPECT_EQ(only(run(h), "lr-out-of-range")[0].epochs, (std::vector<int>{0, 1, 2, 3}));
}

TEST(SuspiciousValAccuracy, HighAndAboveTrainFromEpochThree) {
  RunHistory h;
  for (int e = 0; e < 6; ++e) h.epochs.push_back(epoch(e, {{"accuracy", 0.80}, {"val_accuracy", e < 2 ? 0.99 : 0.90}}));
  auto f = only(run(h), "suspicious-val-accuracy");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].key, "above-train");
  EXPECT_EQ(f[0].epochs, (std::vector<int>{3, 4, 5}));
  EXPECT_EQ(f[0].severity, Severity::Info);
}

TEST(LossNotDecreasing, FlatFromTheStartButNotAfterConvergence) {
  EXPECT_EQ(only(run(losses({2.30, 2.31, 2.30, 2.29, 2.30, 2.30, 2.31})), "loss-not-decreasing")[0].epochs,
            (std::vector<int>{5, 6}));
  EXPECT_TRUE(only(run(losses({2.3, 1.0, 0.5, 0.3, 0.30, 0.30, 0.30, 0.30, 0.30})), "loss-not-decreasing").empty());
}

TEST(LossDiverging, TwiceTheRecentMinimum) {
  auto f = only(run(losses({1.0, 0.8, 0.9, 1.7, 5.0})), "loss-diverging");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].epochs, (std::vector<int>{3, 4}));
}

TEST(AccuracyAtChance, NeedsClassesAndEnoughEpochs) {
  RunHistory h;
  h.model.plannedEpochs = 10;
  for (int e = 0; e < 6; ++e) h.epochs.push_back(epoch(e, {{"acc", 0.105}}));
  EXPECT_TRUE(only(run(h), "accuracy-at-chance").empty());  // classes unknown
  h.model.numClasses = 10;
  EXPECT_EQ(only(run(h), "accuracy-at-chance")[0].epochs, (std::vector<int>{2, 3, 4, 5}));
  h.epochs[5].metrics["acc"] = 0.5;
  EXPECT_EQ(only(run(h), "accuracy-at-chance")[0].epochs, (std::vector<int>{2, 3, 4}));
}

TEST(OscillatingMetric, AlternatingLargeStepsButNotSteadyDescent) {
  auto f = only(run(losses({1.0, 0.6, 1.0, 0.6, 1.0, 0.6, 1.0, 0.6, 1.0})), "oscillating-metric");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].key, "training loss");
  EXPECT_EQ(f[0].epochs, (std::vector<int>{7, 8}));
  EXPECT_TRUE(only(run(losses({1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2})), "oscillating-metric").empty());
}

TEST(NegativeLoss, Fires) {
  auto f = only(run(losses({0.5, -0.2, -1.0})), "negative-loss");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].epochs, (std::vector<int>{1, 2}));
  EXPECT_EQ(f[0].anchor, Anchor::Loss);
}

TEST(GradientHealth, VanishingExplodingDead) {
  RunHistory h;
  h.gradients.push_back({0, {{"fc1.weight", 1e-9, 2e-9, 1e-10, 0.0, 10}, {"fc1.bias", 1e-9, 1e-9, 1e-9, 0, 10},
                             {"fc2.weight", 1.0, 5e5, 0.1, 0.9, 10}}});
  auto f = only(run(h), "gradient-health");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].key, "dead");
  EXPECT_EQ(f[0].layer, "fc2");
  EXPECT_EQ(f[1].key, "exploding");
  EXPECT_EQ(f[2].key, "vanishing");
  EXPECT_EQ(f[2].layer, "fc1");
  EXPECT_EQ(f[2].anchor, Anchor::Layer);
}

TEST(ForwardedWarnings, TargetSizeAndSchedulerOrderAtTheUsersLine) {
  RunHistory h;
  h.warnings.push_back({0, "UserWarning",
                        "Using a target size (torch.Size([8])) that is different to the input size "
                        "(torch.Size([8, 1])). This will likely lead to incorrect results due to broadcasting.",
                        "/w/train.py", 31});
  h.warnings.push_back({1, "UserWarning", "Using a target size (torch.Size([8])) that is different to the input size",
                        "/w/train.py", 31});
  h.warnings.push_back({-1, "UserWarning",
                        "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 ...",
                        "/w/train.py", 40});
  auto all = run(h);
  auto t = only(all, "regression-target-broadcast");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].anchor, Anchor::Explicit);
  EXPECT_EQ(t[0].line, 31);
  EXPECT_EQ(t[0].epochs, (std::vector<int>{0, 1}));
  auto s = only(all, "scheduler-before-optimizer-step");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(s[0].epochs.empty());
}

TEST(DynamicChecks, AreCausalSoStoredEpochsOnlyGrow) {
  RunHistory full = losses({2.3, 2.0, 1.5, 1.2, 3.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4},
                           {2.3, 2.1, 1.6, 1.5, 3.1, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2});
  full.model.numClasses = 10;
  for (auto& e : full.epochs) e.lr = e.epoch > 6 ? 0.5 : 1e-3;
  full.model.optimizerClass = "Adam";
  const auto all = run(full);
  for (std::size_t k = 1; k <= full.epochs.size(); ++k) {
    RunHistory prefix = full;
    prefix.epochs.resize(k);
    for (const DynamicFinding& p : run(prefix)) {
      auto it = std::find_if(all.begin(), all.end(),
                             [&](const DynamicFinding& f) { return f.slug == p.slug && f.key == p.key; });
      ASSERT_NE(it, all.end()) << p.slug;
      for (int e : p.epochs) EXPECT_NE(std::find(it->epochs.begin(), it->epochs.end(), e), it->epochs.end());
    }
  }
}

TEST(DynamicConfig, ReadsSettings) {
  Settings s;
  s.set("training.overfittingPatience", 5.0);
  s.set("training.lrMaxAdaptive", 0.05);
  s.set("training.disable", std::vector<std::string>{"oscillating-metric"});
  auto c = DynamicConfig::fromSettings(s);
  EXPECT_EQ(c.overfittingPatience, 5);
  EXPECT_EQ(c.lrMaxAdaptive, 0.05);
  EXPECT_TRUE(c.disabled.count("oscillating-metric"));
  EXPECT_TRUE(only(run(losses({1.0, 0.6, 1.0, 0.6, 1.0, 0.6, 1.0, 0.6, 1.0}), c), "oscillating-metric").empty());
}

}  // namespace
}  // namespace mlide::training
