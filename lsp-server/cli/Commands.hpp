// The `mlide` subcommands. Each lives in its own file and is listed once in Commands.cpp.
// A command returns the process exit status; it prints results to stdout and errors to stderr.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mlide::cli {

using Args = std::vector<std::string>;  // the arguments after the subcommand name

struct CommandSpec {
  std::string_view name;
  std::string_view summary;  // one line for `mlide --help`
  int (*run)(const Args& args);
};

/// All subcommands, in the order `mlide --help` lists them.
const std::vector<CommandSpec>& commands();

/// Exit status for usage errors (unknown flag, missing argument), as in most Unix tools.
inline constexpr int kUsageError = 2;

int runServe(const Args& args);
int runVersion(const Args& args);

}  // namespace mlide::cli
