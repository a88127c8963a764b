// How training clients find the listener: a per-workspace token file readable only by the user
// (<workspace>/.mlide/listener.token, mode 0600) and a discovery file
// (<workspace>/.mlide/listener.json: {endpoint, tokenFile, pid, protocol}). The VS Code
// extension also passes both to its terminals as MLIDE_TRAINING_ENDPOINT and
// MLIDE_TRAINING_TOKEN_FILE.
//
// Creating either file also writes <workspace>/.mlide/.gitignore ("*") unless one exists, so the
// token and the database never end up in the user's repository.
//
// Stateless functions: thread-safe (the files are the shared state; one daemon per workspace).
#pragma once

#include <optional>
#include <string>

#include "core/support/Expected.hpp"

namespace mlide::listener {

inline constexpr const char* kEndpointEnv = "MLIDE_TRAINING_ENDPOINT";
inline constexpr const char* kTokenFileEnv = "MLIDE_TRAINING_TOKEN_FILE";

struct DiscoveryPaths {
  std::string dir;        // <workspace>/.mlide
  std::string tokenFile;  // <dir>/listener.token
  std::string discovery;  // <dir>/listener.json
};
DiscoveryPaths discoveryPaths(const std::string& workspace);

/// The token in `path`, reused when the file is a regular file owned by this user with mode
/// 0600 and holds a well-formed token; otherwise a new random token (from /dev/urandom) is
/// written there with mode 0600. Reuse keeps running clients valid across daemon restarts.
Expected<std::string> loadOrCreateToken(const std::string& path);

/// Writes the discovery file atomically (temp file + rename), mode 0600.
Status writeDiscovery(const DiscoveryPaths& paths, const std::string& endpoint);
/// The port of the endpoint in an existing discovery file (to rebind it after a restart).
std::optional<unsigned short> previousPort(const DiscoveryPaths& paths);
/// Removes the discovery file if it still names `endpoint` (another daemon may own it now).
void removeDiscovery(const DiscoveryPaths& paths, const std::string& endpoint);

}  // namespace mlide::listener
