#include <cstdio>

#include "lsp-server/cli/Commands.hpp"

namespace mlide::cli {

int runVersion(const Args&) {
  std::printf("mlide %s\n", MLIDE_VERSION);
  return 0;
}

}  // namespace mlide::cli
