#include <cstdio>

#include "lsp-server/cli/Commands.hpp"

namespace mlide::cli {

int runServe(const Args&) {
  std::fprintf(stderr, "mlide serve: not built yet\n");
  return 1;
}

}  // namespace mlide::cli
