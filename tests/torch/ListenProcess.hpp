// Test support for the C++ training client: a real `mlide listen` (the build tree's binary) in
// a temporary workspace, and the stored sessions read back with `mlide sessions ... --format
// json`, exactly as a user would see them. A subprocess rather than the Listener class in
// process, so that the tests can SIGKILL the daemon mid-run and restart it on the same port,
// and so that the discovery file and the token file are the ones `mlide listen` writes.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/unit/training/TempDir.hpp"

namespace mlide::client_test {

namespace fs = std::filesystem;
using nlohmann::json;

inline std::string mlideBinary() { return std::string(MLIDE_BINARY_DIR) + "/mlide"; }

using training::testing::TempDir;

/// Runs the body with the working directory set to `dir` and the listener environment unset,
/// restoring both afterwards (discovery looks at the working directory and the environment).
class IsolatedDiscovery {
 public:
  explicit IsolatedDiscovery(const std::string& dir) : previous_(fs::current_path()) {
    for (const char* name : {"MLIDE_TRAINING_ENDPOINT", "MLIDE_TRAINING_TOKEN_FILE"}) {
      if (const char* v = std::getenv(name)) saved_.emplace_back(name, v);
      ::unsetenv(name);
    }
    fs::current_path(dir);
  }
  ~IsolatedDiscovery() {
    std::error_code ec;
    fs::current_path(previous_, ec);
    for (const auto& [name, value] : saved_) ::setenv(name.c_str(), value.c_str(), 1);
  }

 private:
  fs::path previous_;
  std::vector<std::pair<std::string, std::string>> saved_;
};

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// `mlide listen --workspace WS` as a child process; its stdout goes to WS/listen-N.out.
class ListenProcess {
 public:
  explicit ListenProcess(const std::string& workspace) : workspace_(workspace) {
    static int counter = 0;
    out_ = (fs::path(workspace) / ("listen-" + std::to_string(++counter) + ".out")).string();
    const std::string bin = mlideBinary();
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execl(bin.c_str(), bin.c_str(), "listen", "--workspace", workspace.c_str(), static_cast<char*>(nullptr));
      std::_Exit(127);
    }
    // "mlide listen: http://127.0.0.1:PORT (database ...)\nMLIDE_TRAINING_ENDPOINT=...\nMLIDE_TRAINING_TOKEN_FILE=...\n"
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string text = readFile(out_);
      const auto tokenAt = text.find("MLIDE_TRAINING_TOKEN_FILE=");
      if (tokenAt != std::string::npos && text.find('\n', tokenAt) != std::string::npos) {
        const auto ep = text.find("mlide listen: ");
        endpoint_ = text.substr(ep + 14, text.find(' ', ep + 14) - (ep + 14));
        const auto start = tokenAt + std::string("MLIDE_TRAINING_TOKEN_FILE=").size();
        tokenFile_ = text.substr(start, text.find('\n', tokenAt) - start);
        port_ = std::stoi(endpoint_.substr(endpoint_.rfind(':') + 1));
        return;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "mlide listen did not start: " << readFile(out_);
  }

  ~ListenProcess() { stop(); }
  ListenProcess(const ListenProcess&) = delete;
  ListenProcess& operator=(const ListenProcess&) = delete;

  bool started() const { return !endpoint_.empty(); }
  const std::string& endpoint() const { return endpoint_; }
  const std::string& tokenFile() const { return tokenFile_; }
  int port() const { return port_; }
  std::string db() const { return (fs::path(workspace_) / ".mlide" / "mlide.db").string(); }
  bool alive() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    return true;
  }

  /// SIGKILL: no cleanup, the discovery file stays (as after a crash).
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 500; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill();
  }

 private:
  std::string workspace_, out_, endpoint_, tokenFile_;
  int port_ = 0;
  pid_t pid_ = -1;
};

/// Runs `mlide ARGS` and parses its stdout as JSON (null, with a test failure, if it fails).
inline json mlideJson(const std::string& args) {
  const std::string cmd = mlideBinary() + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) {
    ADD_FAILURE() << "cannot run " << cmd;
    return nullptr;
  }
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int rc = ::pclose(p);
  if (rc != 0) {
    ADD_FAILURE() << cmd << " failed (" << rc << "): " << out;
    return nullptr;
  }
  auto j = json::parse(out, nullptr, false);
  if (j.is_discarded()) ADD_FAILURE() << cmd << ": not JSON: " << out;
  return j;
}

inline json listSessions(const std::string& db) { return mlideJson("sessions --db '" + db + "' --format json")["sessions"]; }
inline json showSession(const std::string& db, std::int64_t id) {
  return mlideJson("sessions show " + std::to_string(id) + " --db '" + db + "' --format json");
}

/// The epochs of `detail`'s epochList, in order.
inline std::vector<int> epochsOf(const json& detail) {
  std::vector<int> out;
  for (const auto& e : detail["epochList"]) out.push_back(e["epoch"]);
  return out;
}

/// The findings of `detail` with rule slug `rule`.
inline std::vector<json> findings(const json& detail, const std::string& rule) {
  std::vector<json> out;
  for (const auto& f : detail["findingList"])
    if (f["rule"] == rule) out.push_back(f);
  return out;
}

inline std::string ruleList(const json& detail) {
  std::string s;
  for (const auto& f : detail["findingList"]) s += f["rule"].get<std::string>() + " ";
  return s;
}

}  // namespace mlide::client_test
