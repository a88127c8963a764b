#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lsp-server/listener/Discovery.hpp"
#include "tests/unit/training/TempDir.hpp"

namespace mlide::listener {
namespace {

using training::testing::TempDir;

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Discovery, NewStateFolderIsIgnoredByGit) {
  TempDir ws;
  const DiscoveryPaths paths = discoveryPaths(ws.path());
  ASSERT_TRUE(loadOrCreateToken(paths.tokenFile));
  ASSERT_TRUE(writeDiscovery(paths, "http://127.0.0.1:4242"));
  struct stat st {};
  ASSERT_EQ(::stat(paths.tokenFile.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Ask git itself rather than reading the pattern back: the token must not show as untracked.
  const std::string cmd =
      "cd '" + ws.path() +
      "' && git init -q . && git status --porcelain --untracked-files=all > status.txt";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(readFile(ws.file("status.txt")), "?? status.txt\n");
}

TEST(Discovery, LeavesTheUsersGitignoreAlone) {
  TempDir ws;
  const DiscoveryPaths paths = discoveryPaths(ws.path());
  std::filesystem::create_directories(paths.dir);
  { std::ofstream(paths.dir + "/.gitignore") << "mlide.db\n"; }
  ASSERT_TRUE(loadOrCreateToken(paths.tokenFile));
  EXPECT_EQ(readFile(paths.dir + "/.gitignore"), "mlide.db\n");
}

}  // namespace
}  // namespace mlide::listener
