#include "lsp-server/cli/Commands.hpp"

namespace mlide::cli {

int runListen(const Args& args);    // ListenCommand.cpp
int runSessions(const Args& args);  // SessionsCommand.cpp
int runCheck(const Args& args);     // CheckCommand.cpp
int runRules(const Args& args);     // RulesCommand.cpp
int runRule(const Args& args);      // RulesCommand.cpp

const std::vector<CommandSpec>& commands() {
  static const std::vector<CommandSpec> kCommands = {
      {"serve", "speak the Language Server Protocol on stdin/stdout (what editors start)", &runServe},
      {"listen", "receive training sessions on loopback without an editor (mlide listen --help)", &runListen},
      {"sessions", "list, show and import training sessions (mlide sessions --help)", &runSessions},
      {"check", "lint Python files and notebooks for deep-learning bugs (--format text|json|sarif, --fix)", &runCheck},
      {"rules", "list the rules (--format text|json|markdown, --out DIR)", &runRules},
      {"rule", "print the documentation of one rule: mlide rule SLUG", &runRule},
      {"version", "print the version", &runVersion},
  };
  return kCommands;
}

}  // namespace mlide::cli
