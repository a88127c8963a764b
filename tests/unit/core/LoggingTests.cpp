// Logging goes to stderr or a file, never to stdout (which carries the protocol while serving).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/support/Logging.hpp"

namespace mlide {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Points file descriptors 1 and 2 at files while alive; restores them after.
class CaptureStdoutStderr {
 public:
  explicit CaptureStdoutStderr(const fs::path& dir) : out_(dir / "stdout"), err_(dir / "stderr") {
    std::fflush(stdout);
    std::fflush(stderr);
    savedOut_ = dup(1);
    savedErr_ = dup(2);
    const int o = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int e = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(o, 1);
    dup2(e, 2);
    close(o);
    close(e);
  }
  ~CaptureStdoutStderr() { restore(); }
  void restore() {
    if (savedOut_ < 0) return;
    std::fflush(stdout);
    std::fflush(stderr);
    dup2(savedOut_, 1);
    dup2(savedErr_, 2);
    close(savedOut_);
    close(savedErr_);
    savedOut_ = savedErr_ = -1;
  }
  std::string out() const { return readFile(out_); }
  std::string err() const { return readFile(err_); }

 private:
  fs::path out_, err_;
  int savedOut_ = -1, savedErr_ = -1;
};

class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mlide-logging-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    log::setFile("");
    log::setLevel(log::Level::Info);
    fs::remove_all(dir_);
  }
  fs::path dir_;
};

TEST_F(LoggingTest, WritesToStderrNeverStdout) {
  CaptureStdoutStderr capture(dir_);
  log::setLevel(log::Level::Debug);
  log::debug("debug line");
  log::info("info line");
  log::warn("warn line");
  log::error("error line");
  capture.restore();
  EXPECT_EQ(capture.out(), "");
  const std::string err = capture.err();
  for (const char* needle : {"debug line", "info line", "warn line", "error line"}) {
    EXPECT_NE(err.find(needle), std::string::npos) << needle << " missing from:\n" << err;
  }
  EXPECT_EQ(err.rfind("D[", 0), 0u) << "each line starts with its level tag: " << err;
}

TEST_F(LoggingTest, LevelFiltersAndOffSilences) {
  CaptureStdoutStderr capture(dir_);
  log::setLevel(log::Level::Warn);
  log::info("dropped info");
  log::warn("kept warn");
  log::setLevel(log::Level::Off);
  log::error("dropped error");
  capture.restore();
  const std::string err = capture.err();
  EXPECT_EQ(err.find("dropped"), std::string::npos) << err;
  EXPECT_NE(err.find("kept warn"), std::string::npos) << err;
  EXPECT_EQ(capture.out(), "");
}

TEST_F(LoggingTest, LogFileTakesTheOutputAndAnEmptyPathRestoresStderr) {
  const fs::path file = dir_ / "mlide.log";
  CaptureStdoutStderr capture(dir_);
  ASSERT_TRUE(log::setFile(file.string()));
  log::info("to the file");
  EXPECT_FALSE(log::setFile((dir_ / "no-such-dir" / "x.log").string()));  // stays on the file
  log::info("still to the file");
  log::setFile("");
  log::info("back to stderr");
  capture.restore();
  const std::string logged = readFile(file);
  EXPECT_NE(logged.find("to the file"), std::string::npos);
  EXPECT_NE(logged.find("still to the file"), std::string::npos);
  EXPECT_EQ(logged.find("back to stderr"), std::string::npos);
  EXPECT_NE(capture.err().find("back to stderr"), std::string::npos);
  EXPECT_EQ(capture.err().find("to the file"), std::string::npos);
  EXPECT_EQ(capture.out(), "");
}

TEST(Logging, ParsesLevelNames) {
  EXPECT_EQ(log::parseLevel("debug"), log::Level::Debug);
  EXPECT_EQ(log::parseLevel("trace"), log::Level::Debug);
  EXPECT_EQ(log::parseLevel("warning"), log::Level::Warn);
  EXPECT_EQ(log::parseLevel("error"), log::Level::Error);
  EXPECT_EQ(log::parseLevel("off"), log::Level::Off);
  EXPECT_EQ(log::parseLevel("loud"), log::Level::Info);
}

}  // namespace
}  // namespace mlide
