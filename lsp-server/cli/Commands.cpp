#include "lsp-server/cli/Commands.hpp"

namespace mlide::cli {

const std::vector<CommandSpec>& commands() {
  static const std::vector<CommandSpec> kCommands = {
      {"serve", "speak the Language Server Protocol on stdin/stdout (what editors start)", &runServe},
      {"version", "print the version", &runVersion},
  };
  return kCommands;
}

}  // namespace mlide::cli
