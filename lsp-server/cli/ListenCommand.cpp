// `mlide listen`: the training-session listener without an editor. Clients find it through the
// printed environment variables or <workspace>/.mlide/listener.json.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/support/Logging.hpp"
#include "lsp-server/cli/Commands.hpp"
#include "lsp-server/cli/LinePrinter.hpp"
#include "lsp-server/listener/Discovery.hpp"
#include "lsp-server/listener/Listener.hpp"
#include "plugins/checks/sessions/TrainingService.hpp"

namespace mlide::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kListenUsage = R"(usage: mlide listen [options]

Receives training sessions from the mlide clients (Python, Keras, libtorch) on loopback, runs the
dynamic checks and stores everything. Stops on SIGINT/SIGTERM.

options:
  --workspace DIR     where .mlide/listener.token and .mlide/listener.json go (default: .)
  --db FILE           the session database (default: DIR/.mlide/mlide.db)
  --host ADDR         127.0.0.1 (default) or ::1; other addresses are refused
  --port N            TCP port (default: the previous run's port if free, else any)
  --max-body BYTES    largest request body accepted (default 8388608)
  --config FILE       the pyproject.toml whose [tool.mlide] / [tool.mlide.training] thresholds
                      apply (default: the nearest one from DIR upwards)
  --log-level LEVEL   debug | info | warn | error (default warn)
)";

// Prints one line per session change, so a terminal shows what arrives. The service's writer
// thread only queues the line: a terminal or pipe nobody reads must not hold up the
// acknowledgements (LinePrinter drops and counts lines instead). A client may connect before the
// banner is printed (a restarted daemon's clients retry at once): its lines wait, so the
// endpoint always comes first.
class PrintObserver final : public training::TrainingObserver {
 public:
  void publishDiagnostics(const std::string&, std::vector<Diag>,
                          std::shared_ptr<const std::string>) override {}
  void sessionChanged(const training::SessionSummary& s, training::SessionChangeKind kind) override {
    char line[512];
    std::snprintf(line, sizeof line, "session %lld '%s' %s: %lld epochs, %lld findings, %s\n",
                  static_cast<long long>(s.id), s.name.c_str(), training::sessionChangeKindName(kind),
                  static_cast<long long>(s.epochCount), static_cast<long long>(s.findingCount),
                  training::sessionStatusName(s.status));
    printer_.print(line);
  }
  void printBanner(const std::string& banner) { printer_.release(banner); }
  /// The last line, then the printer stops (without waiting long for a reader that is gone).
  void printLast(const std::string& line) {
    printer_.print(line);
    printer_.stop();
  }

 private:
  LinePrinter printer_{STDOUT_FILENO};
};

}  // namespace

int runListen(const Args& args) {
  std::string workspace = ".";
  std::string db;
  std::string configFile;
  listener::ListenerOptions lo;
  long port = -1;
  log::setLevel(log::Level::Warn);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    const std::string* v = nullptr;
    if (a == "-h" || a == "--help") {
      std::fputs(kListenUsage, stdout);
      return 0;
    } else if (a == "--workspace" && (v = value())) {
      workspace = *v;
    } else if (a == "--db" && (v = value())) {
      db = *v;
    } else if (a == "--config" && (v = value())) {
      configFile = *v;
    } else if (a == "--host" && (v = value())) {
      lo.host = *v;
    } else if (a == "--port" && (v = value())) {
      char* end = nullptr;
      port = std::strtol(v->c_str(), &end, 10);
      if (*end || port < 0 || port > 65535) {
        std::fprintf(stderr, "mlide listen: --port expects 0-65535, got '%s'\n", v->c_str());
        return kUsageError;
      }
    } else if (a == "--max-body" && (v = value())) {
      char* end = nullptr;
      const long long n = std::strtoll(v->c_str(), &end, 10);
      if (*end || n < 1024) {
        std::fprintf(stderr, "mlide listen: --max-body expects a number of bytes >= 1024, got '%s'\n", v->c_str());
        return kUsageError;
      }
      lo.maxBodyBytes = static_cast<std::size_t>(n);
    } else if (a == "--log-level" && (v = value())) {
      log::setLevel(log::parseLevel(*v));
    } else {
      std::fprintf(stderr, "mlide listen: unknown or incomplete option '%s'\n%s", a.c_str(), kListenUsage);
      return kUsageError;
    }
  }
  auto thresholds = training::loadDynamicConfig(configFile, workspace, Settings{});
  if (!thresholds) {
    std::fprintf(stderr, "mlide listen: %s\n", thresholds.error().message.c_str());
    return 1;
  }
  const listener::DiscoveryPaths paths = listener::discoveryPaths(workspace);
  if (db.empty()) db = (fs::path(paths.dir) / "mlide.db").string();
  std::error_code ec;
  fs::create_directories(fs::absolute(db).parent_path(), ec);

  // Block the stop signals before any thread starts, so only sigwait below sees them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  PrintObserver observer;
  training::TrainingService::Options so;
  so.databasePath = db;
  so.publishLastRuns = false;
  so.config = thresholds->config;
  auto service = training::TrainingService::start(so, &observer);
  if (!service) {
    std::fprintf(stderr, "mlide listen: %s\n", service.error().message.c_str());
    return 1;
  }
  auto token = listener::loadOrCreateToken(paths.tokenFile);
  if (!token) {
    std::fprintf(stderr, "mlide listen: %s\n", token.error().message.c_str());
    return 1;
  }
  lo.token = *token;
  std::optional<unsigned short> requested;  // none: the previous run's port, else any
  if (port >= 0) requested = static_cast<unsigned short>(port);
  auto started = listener::startListener(lo, requested, paths, **service);
  if (!started) {
    std::fprintf(stderr, "mlide listen: %s\n", started.error().message.c_str());
    return 1;
  }
  const std::unique_ptr<listener::Listener> l = std::move(*started);
  const std::string endpoint = l->endpoint();
  if (auto s = listener::writeDiscovery(paths, endpoint); !s) {
    std::fprintf(stderr, "mlide listen: %s\n", s.error().message.c_str());
  }
  const std::string tokenFile = fs::absolute(paths.tokenFile).lexically_normal().string();
  const std::string from =
      thresholds->path.empty()
          ? std::string("default thresholds")
          : "thresholds from " + fs::absolute(thresholds->path).lexically_normal().string();
  observer.printBanner("mlide listen: " + endpoint + " (database " +
                       fs::absolute(db).lexically_normal().string() + ", " + from + ")\n" +
                       listener::kEndpointEnv + "=" + endpoint + "\n" + listener::kTokenFileEnv +
                       "=" + tokenFile + "\n");

  int sig = 0;
  sigwait(&stopSignals, &sig);
  l->stop();
  (*service)->stop();
  listener::removeDiscovery(paths, endpoint);
  observer.printLast("mlide listen: stopped\n");
  return 0;
}

}  // namespace mlide::cli
