#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <unistd.h>

#include "core/engine/Settings.hpp"
#include "core/store/Database.hpp"
#include "core/support/Function.hpp"
#include "core/support/ThreadPool.hpp"

namespace mlide {
namespace {

TEST(Expected, HoldsValueOrError) {
  Expected<int> v = 3;
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 3);
  Expected<int> e = makeError(ErrorCode::NotFound, "nope");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().describe(), "not-found: nope");
  Status s = okStatus();
  EXPECT_TRUE(s.ok());
}

TEST(UniqueFunction, HoldsMoveOnlyCallables) {
  auto p = std::make_unique<int>(41);
  UniqueFunction<int(int)> f = [p = std::move(p)](int x) { return *p + x; };
  EXPECT_EQ(f(1), 42);
  UniqueFunction<int(int)> g = std::move(f);
  EXPECT_EQ(g(2), 43);
}

TEST(ThreadPool, RunsEverythingAndSurvivesThrowingTasks) {
  std::atomic<int> n{0};
  {
    ThreadPool pool(2);
    for (int i = 0; i < 100; ++i) pool.post([&n] { ++n; });
    pool.post([] { throw std::runtime_error("boom"); });
    pool.post([&n] { ++n; });
    pool.wait();
    EXPECT_EQ(n.load(), 101);
  }
}

TEST(Settings, TypedAccess) {
  Settings s;
  s.set("checks.maxDropout", 0.4);
  s.set("checks.select", std::vector<std::string>{"a", "b"});
  s.set("checks.ignore", std::string("c"));
  EXPECT_EQ(s.getNumber("checks.maxDropout"), 0.4);
  EXPECT_FALSE(s.getString("checks.maxDropout").has_value());
  EXPECT_EQ(s.getList("checks.select")->size(), 2u);
  EXPECT_EQ(s.getList("checks.ignore")->front(), "c");
}

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("mlide-db-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path() const { return (dir_ / "test.db").string(); }
  std::filesystem::path dir_;
};

TEST_F(DatabaseTest, MigratesPerComponentAndPersistsInWalMode) {
  {
    auto db = store::Database::open(path());
    ASSERT_TRUE(db.ok()) << db.error().message;
    ASSERT_TRUE((*db)->migrate("a", {{1, "CREATE TABLE t(x INTEGER)"}}).ok());
    ASSERT_TRUE((*db)->migrate("b", {{1, "CREATE TABLE u(y TEXT)"}, {2, "ALTER TABLE u ADD COLUMN z INTEGER"}}).ok());
    EXPECT_EQ((*db)->schemaVersion("a"), 1);
    EXPECT_EQ((*db)->schemaVersion("b"), 2);
    auto st = (*db)->prepare("INSERT INTO t(x) VALUES(?1)");
    ASSERT_TRUE(st.ok());
    for (std::int64_t i = 0; i < 3; ++i) {
      st->reset();
      st->bind(1, i);
      ASSERT_TRUE(st->run().ok());
    }
    auto mode = (*db)->prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode->step().value());
    EXPECT_EQ(mode->columnText(0), "wal");
  }
  auto db = store::Database::open(path());
  ASSERT_TRUE(db.ok());
  // Re-running migrations is a no-op.
  ASSERT_TRUE((*db)->migrate("a", {{1, "CREATE TABLE t(x INTEGER)"}}).ok());
  auto count = (*db)->prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count->step().value());
  EXPECT_EQ(count->columnInt(0), 3);
}

TEST_F(DatabaseTest, RefusesASchemaNewerThanTheCode) {
  auto db = store::Database::open(path());
  ASSERT_TRUE((*db)->migrate("a", {{1, "CREATE TABLE t(x)"}, {2, "CREATE TABLE t2(x)"}}).ok());
  auto s = (*db)->migrate("a", {{1, "CREATE TABLE t(x)"}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("newer than this mlide"), std::string::npos);
}

TEST_F(DatabaseTest, TransactionRollsBackUnlessCommitted) {
  auto db = store::Database::open(path());
  ASSERT_TRUE((*db)->exec("CREATE TABLE t(x)").ok());
  {
    auto tx = store::Transaction::begin(**db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*db)->exec("INSERT INTO t VALUES(1)").ok());
  }  // rolled back
  {
    auto tx = store::Transaction::begin(**db);
    ASSERT_TRUE((*db)->exec("INSERT INTO t VALUES(2)").ok());
    ASSERT_TRUE(tx->commit().ok());
  }
  auto st = (*db)->prepare("SELECT group_concat(x) FROM t");
  ASSERT_TRUE(st->step().value());
  EXPECT_EQ(st->columnText(0), "2");
}

TEST_F(DatabaseTest, ErrorsCarrySqliteMessages) {
  auto db = store::Database::open(path());
  auto bad = (*db)->prepare("SELECT * FROM missing_table");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("no such table"), std::string::npos);
  auto unopenable = store::Database::open("/nonexistent-dir/x/y.db");
  EXPECT_FALSE(unopenable.ok());
}

}  // namespace
}  // namespace mlide
