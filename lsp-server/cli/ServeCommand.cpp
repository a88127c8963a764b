// `mlide serve`: the language server on stdio, or a transcript replay for tests.
#include <utility>  // before Asio (Boost 1.74 + GCC 12 + C++20)

#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include <boost/asio/io_context.hpp>

#include "core/support/Logging.hpp"
#include "lsp-server/cli/Commands.hpp"
#include "lsp-server/server/Engines.hpp"
#include "lsp-server/server/Server.hpp"
#include "lsp-server/transport/StdioTransport.hpp"

namespace mlide::cli {
namespace {

constexpr const char* kServeUsage = R"(usage: mlide serve [options]

Speaks the Language Server Protocol on stdin/stdout. Editors start this.

options:
  --log FILE           write the log to FILE instead of stderr
  --log-level LEVEL    debug | info | warn | error (default info)
  --debounce MS        wait MS milliseconds after an edit before analysing (default 120)
  --transcript FILE    replay the JSON-RPC messages in FILE (separated by lines of '---';
                       lines starting with '#' are comments), analysing synchronously, and print
                       every message the server sends as pretty JSON (for tests)
)";

// Prints outgoing messages as pretty JSON, in order (transcript mode).
class PrettySink final : public lsp::MessageSink {
 public:
  void send(const nlohmann::json& message) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::cout << message.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n---\n";
    std::cout.flush();
  }

 private:
  std::mutex mutex_;
};

int runTranscript(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "mlide serve: cannot read transcript '%s'\n", file.c_str());
    return kUsageError;
  }
  server::ServerOptions options;
  options.synchronous = true;
  options.trainingListener = false;
  options.docsBaseUri = "test:///docs/rules";
  auto sink = std::make_shared<PrettySink>();
  server::Server srv(sink, server::makeEngines(), options, nullptr);
  std::string line;
  std::string message;
  auto flush = [&] {
    if (message.find_first_not_of(" \t\r\n") != std::string::npos) srv.onFrame(message);
    message.clear();
  };
  while (std::getline(in, line)) {
    if (line == "---") {
      flush();
      if (srv.finished()) break;
    } else if (line.rfind("#", 0) != 0) {
      message += line;
      message += '\n';
    }
  }
  flush();
  if (!srv.finished()) srv.onEof();
  std::cout << "# exit code " << srv.exitCode() << "\n";
  return 0;
}

}  // namespace

int runServe(const Args& args) {
  std::string transcript;
  server::ServerOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> const std::string* {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "mlide serve: %s needs a value\n", flag);
        return nullptr;
      }
      return &args[++i];
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kServeUsage, stdout);
      return 0;
    } else if (a == "--stdio") {
      // VS Code's language client appends --stdio; stdio is the only transport anyway.
    } else if (a == "--log") {
      const std::string* v = value("--log");
      if (!v) return kUsageError;
      if (!log::setFile(*v)) std::fprintf(stderr, "mlide serve: cannot open log file '%s'\n", v->c_str());
    } else if (a == "--log-level") {
      const std::string* v = value("--log-level");
      if (!v) return kUsageError;
      log::setLevel(log::parseLevel(*v));
    } else if (a == "--debounce") {
      const std::string* v = value("--debounce");
      if (!v) return kUsageError;
      try {
        options.debounce = std::chrono::milliseconds(std::stoi(*v));
      } catch (...) {
        std::fprintf(stderr, "mlide serve: --debounce expects milliseconds, got '%s'\n", v->c_str());
        return kUsageError;
      }
    } else if (a == "--transcript") {
      const std::string* v = value("--transcript");
      if (!v) return kUsageError;
      transcript = *v;
    } else {
      std::fprintf(stderr, "mlide serve: unknown option '%s'\n%s", a.c_str(), kServeUsage);
      return kUsageError;
    }
  }
  if (!transcript.empty()) return runTranscript(transcript);

  boost::asio::io_context io;
  auto transport = std::make_shared<lsp::StdioTransport>(io, 0, 1);
  server::Server srv(transport, server::makeEngines(), options, &io);
  srv.setOnFinished([&io] { io.stop(); });
  transport->start([&srv](std::string&& body) { srv.onFrame(body); },
                   [&srv](const std::string& err) { srv.onFrameError(err); }, [&srv] { srv.onEof(); });
  log::info(std::string("mlide ") + MLIDE_VERSION + " serving on stdio");
  for (;;) {
    try {
      io.run();
      break;
    } catch (const std::exception& e) {
      // A handler let an exception escape; log it and keep serving.
      log::error(std::string("uncaught exception in the event loop: ") + e.what());
    }
  }
  return srv.exitCode();
}

}  // namespace mlide::cli
