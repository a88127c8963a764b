#include <gtest/gtest.h>

#include <cmath>

#include "plugins/checks/sessions/SessionStore.hpp"
#include "tests/unit/training/TempDir.hpp"
#include "tests/unit/training/TrainingTestUtil.hpp"

namespace mlide::training {
namespace {

using namespace testing;

std::unique_ptr<SessionStore> openStore(const TempDir& dir) {
  auto s = SessionStore::open(dir.file("mlide.db"));
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().describe());
  return s.ok() ? std::move(*s) : nullptr;
}

SessionStart start(std::string name, std::string clientId = {}) {
  SessionStart s;
  s.name = std::move(name);
  s.clientId = std::move(clientId);
  s.model.script = "/w/train.py";
  s.model.framework = "pytorch";
  return s;
}

TEST(SessionStore, CollidingNamesGetACounterLikeUmlaut) {
  TempDir dir;
  auto store = openStore(dir);
  EXPECT_EQ(store->createSession(start("mnist"))->name, "mnist");
  EXPECT_EQ(store->createSession(start("mnist"))->name, "mnist_1");
  EXPECT_EQ(store->createSession(start("mnist"))->name, "mnist_2");
  EXPECT_EQ(store->createSession(start("mnist_1"))->name, "mnist_1_1");
  EXPECT_EQ(store->createSession(start("cifar"))->name, "cifar");
  EXPECT_EQ(store->createSession(start(""))->name, "train");  // the script's stem
  auto list = store->listSessions();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 6u);
}

TEST(SessionStore, SameClientIdReturnsTheSameSession) {
  TempDir dir;
  auto store = openStore(dir);
  auto a = store->createSession(start("run", "c1"));
  auto b = store->createSession(start("run", "c1"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(b->name, "run");
}

TEST(SessionStore, RoundTripsEverythingIncludingNaN) {
  TempDir dir;
  std::int64_t id = 0;
  {
    auto store = openStore(dir);
    SessionStart s = start("r");
    s.model.optimizerClass = "Adam";
    s.model.initialLr = 1e-3;
    s.model.firstConvInChannels = 3;
    s.model.numClasses = 10;
    id = store->createSession(s)->id;
    ASSERT_TRUE(store->putEpoch(id, epoch(0, {{"loss", 2.3}, {"val_loss", kNaN}}, 1e-3)).ok());
    ASSERT_TRUE(store->putEpoch(id, epoch(1, {{"loss", kInf}}, 1e-3)).ok());
    ASSERT_TRUE(store->putEpoch(id, epoch(0, {{"loss", 2.2}}, 2e-3)).ok());  // a retry replaces
    auto in = batchStats(0, 0, 255, true, "uint8", {8, 3, 32, 32});
    in.nanCount = 2;
    ASSERT_TRUE(store->putInput(id, in).ok());
    ASSERT_TRUE(store->putGradients(id, {0, {{"fc.weight", 0.1, 0.2, 0.05, 0.0, 4}}}).ok());
    ASSERT_TRUE(store->putWarning(id, 7, {0, "UserWarning", "careful", "/w/train.py", 12}).ok());
    StoredFinding f;
    f.code = "ML303";  // nan-loss
    f.finding.slug = "nan-loss";
    f.finding.epochs = {1, 2};
    f.finding.anchor = Anchor::Optimizer;
    f.finding.message = "boom";
    f.location = {"/w/train.py", 12, 4, 12, 10};
    ASSERT_TRUE(store->replaceFindings(id, {f}).ok());
    ASSERT_TRUE(store->setProgress(id, 9, 100.0).ok());
    ASSERT_TRUE(store->setStatus(id, {SessionStatus::Finished, ""}, 101.0).ok());
  }
  auto store = openStore(dir);  // reopened: everything was committed (autocommit)
  auto d = store->loadSession(id);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->summary.status, SessionStatus::Finished);
  EXPECT_EQ(d->summary.lastSeq, 9);
  EXPECT_EQ(d->summary.epochCount, 2);
  EXPECT_EQ(d->summary.lastEpoch, 1);
  EXPECT_EQ(d->summary.findingCount, 1);
  ASSERT_EQ(d->history.epochs.size(), 2u);
  EXPECT_EQ(d->history.epochs[0].metrics.size(), 1u);
  EXPECT_EQ(d->history.epochs[0].metrics.at("loss"), 2.2);
  EXPECT_EQ(d->history.epochs[0].lr, 2e-3);
  EXPECT_TRUE(std::isinf(d->history.epochs[1].metrics.at("loss")));
  ASSERT_EQ(d->history.inputs.size(), 1u);
  EXPECT_EQ(d->history.inputs[0].shape, (std::vector<std::int64_t>{8, 3, 32, 32}));
  EXPECT_EQ(d->history.inputs[0].nanCount, 2);
  EXPECT_TRUE(d->history.inputs[0].integral);
  ASSERT_EQ(d->history.gradients.size(), 1u);
  EXPECT_EQ(d->history.gradients[0].layers[0].layer, "fc.weight");
  ASSERT_EQ(d->history.warnings.size(), 1u);
  EXPECT_EQ(d->history.warnings[0].line, 12);
  EXPECT_EQ(d->history.model.optimizerClass, "Adam");
  EXPECT_EQ(d->history.model.initialLr, 1e-3);
  EXPECT_EQ(d->history.model.numClasses, 10);
  ASSERT_EQ(d->findings.size(), 1u);
  EXPECT_EQ(d->findings[0].finding.epochs, (std::vector<int>{1, 2}));
  EXPECT_EQ(d->findings[0].location.line, 12);
  EXPECT_EQ(d->findings[0].finding.anchor, Anchor::Optimizer);
  EXPECT_EQ(store->loadSession(id + 100).error().code, ErrorCode::NotFound);
}

TEST(SessionStore, LatestPerScript) {
  TempDir dir;
  auto store = openStore(dir);
  auto a = store->createSession(start("a"));
  SessionStart other = start("b");
  other.model.script = "/w/other.py";
  auto b = store->createSession(other);
  SessionStart again = start("c");
  again.startedAt = a->startedAt + 10;
  auto c = store->createSession(again);
  auto latest = store->latestPerScript();
  ASSERT_TRUE(latest.ok());
  std::sort(latest->begin(), latest->end());
  EXPECT_EQ(*latest, (std::vector<std::int64_t>{b->id, c->id}));
}

}  // namespace
}  // namespace mlide::training
