#include "lsp-server/listener/Discovery.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lsp-server/listener/TrainingJson.hpp"

namespace mlide::listener {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kTokenBytes = 32;

bool wellFormed(const std::string& token) {
  if (token.size() != 2 * kTokenBytes) return false;
  for (char c : token)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

Expected<std::string> randomToken() {
  unsigned char bytes[kTokenBytes];
  const int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return makeError(ErrorCode::IoError, std::string("cannot open /dev/urandom: ") + std::strerror(errno));
  std::size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = ::read(fd, bytes + got, sizeof bytes - got);
    if (n <= 0) {
      ::close(fd);
      return makeError(ErrorCode::IoError, "cannot read /dev/urandom");
    }
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// Writes `text` to `path` with mode 0600 from the start (no window where others can read it).
Status writePrivate(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return makeError(ErrorCode::IoError, "cannot write " + tmp + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);  // the umask may have removed bits, never added: make it exact
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return makeError(ErrorCode::IoError, "cannot write " + tmp + ": " + std::strerror(errno));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return makeError(ErrorCode::IoError, "cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
  }
  return okStatus();
}

Status ensureDir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return makeError(ErrorCode::IoError, "cannot create " + dir + ": " + ec.message());
  // The token is a secret and the database is local state: neither belongs in the user's
  // repository. The folder may already exist (the database is opened first), so check the file,
  // and leave one the user wrote alone.
  const fs::path ignore = fs::path(dir) / ".gitignore";
  if (!fs::exists(ignore, ec)) {
    std::ofstream out(ignore);
    out << "# mlide's local state (session database, listener token); not for version control\n*\n";
    if (!out) return makeError(ErrorCode::IoError, "cannot write " + ignore.string());
  }
  return okStatus();
}

}  // namespace

DiscoveryPaths discoveryPaths(const std::string& workspace) {
  DiscoveryPaths p;
  p.dir = (fs::path(workspace.empty() ? "." : workspace) / ".mlide").string();
  p.tokenFile = (fs::path(p.dir) / "listener.token").string();
  p.discovery = (fs::path(p.dir) / "listener.json").string();
  return p;
}

Expected<std::string> loadOrCreateToken(const std::string& path) {
  struct stat st{};
  if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::getuid() &&
      (st.st_mode & 0777) == 0600) {
    std::ifstream in(path);
    std::string token;
    std::getline(in, token);
    if (wellFormed(token)) return token;
  }
  if (auto s = ensureDir(fs::path(path).parent_path().string()); !s) return s.takeError();
  auto token = randomToken();
  if (!token) return token;
  if (auto s = writePrivate(path, *token + "\n"); !s) return s.takeError();
  return token;
}

Status writeDiscovery(const DiscoveryPaths& paths, const std::string& endpoint) {
  if (auto s = ensureDir(paths.dir); !s) return s;
  nlohmann::json j{{"endpoint", endpoint},
                   {"tokenFile", fs::absolute(paths.tokenFile).lexically_normal().string()},
                   {"pid", ::getpid()},
                   {"protocol", kTrainingProtocol}};
  return writePrivate(paths.discovery, j.dump(2) + "\n");
}

namespace {
std::optional<std::string> discoveredEndpoint(const DiscoveryPaths& paths) {
  std::ifstream in(paths.discovery);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (!j.is_object() || !j.contains("endpoint") || !j["endpoint"].is_string()) return std::nullopt;
  return j["endpoint"].get<std::string>();
}
}  // namespace

std::optional<unsigned short> previousPort(const DiscoveryPaths& paths) {
  auto endpoint = discoveredEndpoint(paths);
  if (!endpoint) return std::nullopt;
  const auto colon = endpoint->rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string digits = endpoint->substr(colon + 1);
  if (digits.empty() || digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const long port = std::stol(digits);
  if (port <= 0 || port > 65535) return std::nullopt;
  return static_cast<unsigned short>(port);
}

void removeDiscovery(const DiscoveryPaths& paths, const std::string& endpoint) {
  if (discoveredEndpoint(paths) == endpoint) ::unlink(paths.discovery.c_str());
}

}  // namespace mlide::listener
