// mlide: the language server and its command-line tools in one binary.
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "lsp-server/cli/Commands.hpp"

namespace {

void printHelp(std::FILE* out) {
  std::fprintf(out, "usage: mlide <command> [options]\n\n"
                    "mlide brings Umlaut, Acumen and IMACS into the editor: a language server for\n"
                    "machine-learning code and the same engines on the command line.\n\ncommands:\n");
  for (const auto& c : mlide::cli::commands()) {
    std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(c.summary.size()), c.summary.data());
  }
  std::fprintf(out, "\n`mlide <command> --help` describes a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
  // A client that goes away must not kill us with SIGPIPE; writes fail with EPIPE instead.
  std::signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    printHelp(stderr);
    return mlide::cli::kUsageError;
  }
  const std::string_view first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    printHelp(stdout);
    return 0;
  }
  if (first == "--version" || first == "-V") return mlide::cli::runVersion({});
  mlide::cli::Args rest(argv + 2, argv + argc);
  for (const auto& c : mlide::cli::commands()) {
    if (c.name == first) {
      try {
        return c.run(rest);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "mlide %s: internal error: %s\n", argv[1], e.what());
        return 70;  // EX_SOFTWARE
      }
    }
  }
  std::fprintf(stderr, "mlide: unknown %s '%s' (see `mlide --help`)\n",
               first.starts_with('-') ? "option" : "command", argv[1]);
  return mlide::cli::kUsageError;
}
