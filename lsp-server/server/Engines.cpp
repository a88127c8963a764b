#include "lsp-server/server/Engines.hpp"

#if __has_include("plugins/checks/ChecksEngine.hpp")
#include "plugins/checks/ChecksEngine.hpp"
#define MLIDE_HAVE_CHECKS 1
#endif

namespace mlide::server {

std::vector<std::unique_ptr<Engine>> makeEngines() {
  std::vector<std::unique_ptr<Engine>> engines;
#ifdef MLIDE_HAVE_CHECKS
  engines.push_back(std::make_unique<checks::ChecksEngine>());
#endif
  return engines;
}

}  // namespace mlide::server
