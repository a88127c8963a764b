// `mlide sessions`: list, show and import training sessions of a workspace database.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>

#include "lsp-server/cli/Commands.hpp"
#include "lsp-server/listener/TrainingJson.hpp"
#include "plugins/checks/sessions/KerasCsv.hpp"
#include "plugins/checks/sessions/SessionStore.hpp"
#include "plugins/checks/sessions/TrainingService.hpp"

namespace mlide::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSessionsUsage = R"(usage: mlide sessions [list] [options]
       mlide sessions show ID [options]
       mlide sessions import FILE [--name NAME] [--script PATH] [options]

list     the training sessions, newest first
show     one session: epochs with metrics, findings with their epochs and source lines
import   a Keras CSVLogger file as a finished session, with the dynamic checks run over it

options:
  --db FILE        the session database (default: ./.mlide/mlide.db, as `mlide listen`)
  --format FORMAT  text (default) or json
  --config FILE    import: the pyproject.toml whose [tool.mlide] / [tool.mlide.training]
                   thresholds apply (default: the nearest one from the current folder upwards)
  --interrupted-after SECONDS
                   list a running session with no event for this long as interrupted
                   (default 1800; 0: never)
)";

std::string fmt(double v) {
  std::ostringstream o;
  o.precision(6);
  o << v;
  return o.str();
}

void printSummaryLine(const training::SessionSummary& s) {
  std::printf("%-5lld %-24s %-11s %6lld %8lld  %s  %s\n", static_cast<long long>(s.id),
              s.name.c_str(), training::sessionStatusName(s.status),
              static_cast<long long>(s.epochCount), static_cast<long long>(s.findingCount),
              listener::isoTime(s.startedAt).c_str(), s.script.c_str());
}

void printDetail(const training::SessionDetail& d) {
  const auto& s = d.summary;
  std::printf("session %lld '%s' (%s, %s)\nscript: %s\nstarted: %s\n", static_cast<long long>(s.id), s.name.c_str(),
              s.framework.empty() ? "unknown framework" : s.framework.c_str(), training::sessionStatusName(s.status),
              s.script.empty() ? "-" : s.script.c_str(), listener::isoTime(s.startedAt).c_str());
  if (!s.statusMessage.empty()) std::printf("message: %s\n", s.statusMessage.c_str());
  std::printf("\nepochs:\n");
  for (const auto& e : d.history.epochs) {
    std::string line = "  " + std::to_string(e.epoch) + ":";
    for (const auto& [k, v] : e.metrics) line += " " + k + "=" + fmt(v);
    if (e.lr) line += " lr=" + fmt(*e.lr);
    std::printf("%s\n", line.c_str());
  }
  std::printf("\nfindings:\n");
  if (d.findings.empty()) std::printf("  none\n");
  for (const auto& f : d.findings) {
    std::string epochs;
    for (int e : f.finding.epochs) epochs += (epochs.empty() ? "" : ",") + std::to_string(e);
    std::string where = f.location.line > 0 ? f.location.path + ":" + std::to_string(f.location.line) + ":" +
                                                  std::to_string(f.location.column + 1)
                                            : std::string("(no source line)");
    std::printf("  %s %s %s [epochs %s] %s\n    %s\n", f.code.c_str(), f.finding.slug.c_str(),
                severityName(f.finding.severity), epochs.empty() ? "-" : epochs.c_str(), where.c_str(),
                f.finding.message.c_str());
  }
}

// `sessions show` and `sessions import` print a session the same way.
void showDetail(const training::SessionDetail& d, bool asJson) {
  if (asJson) {
    std::cout << listener::detailToJson(d).dump(2) << "\n";
  } else {
    printDetail(d);
  }
}

Expected<std::unique_ptr<training::SessionStore>> openStore(const std::string& db) {
  std::error_code ec;
  if (!fs::exists(db, ec)) {
    return makeError(ErrorCode::NotFound, "no session database at " + db + " (use --db, or run where `mlide listen` ran)");
  }
  return training::SessionStore::open(db);
}

int importCsv(const std::string& file, const std::string& db, const std::string& name,
              const std::string& script, const std::string& configFile, bool asJson) {
  auto thresholds = training::loadDynamicConfig(configFile, ".", Settings{});
  if (!thresholds) {
    std::fprintf(stderr, "mlide sessions import: %s\n", thresholds.error().message.c_str());
    return 1;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "mlide sessions import: cannot read '%s'\n", file.c_str());
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto epochs = training::parseTrainingLog(file, ss.str());
  if (!epochs) {
    std::fprintf(stderr, "mlide sessions import: %s: %s\n", file.c_str(), epochs.error().message.c_str());
    return 1;
  }
  std::error_code ec;
  fs::create_directories(fs::absolute(db).parent_path(), ec);
  training::TrainingService::Options so;
  so.databasePath = db;
  so.publishLastRuns = false;
  so.config = thresholds->config;
  auto service = training::TrainingService::start(so, nullptr);
  if (!service) {
    std::fprintf(stderr, "mlide sessions import: %s\n", service.error().message.c_str());
    return 1;
  }
  training::SessionStart start;
  start.name = name.empty() ? fs::path(file).stem().string() : name;
  start.model.framework = "import";
  if (!script.empty()) start.model.script = fs::absolute(script).string();
  std::promise<Expected<training::SessionSummary>> created;
  (*service)->createSession(start, [&](Expected<training::SessionSummary> r) { created.set_value(std::move(r)); });
  auto summary = created.get_future().get();
  if (!summary) {
    std::fprintf(stderr, "mlide sessions import: %s\n", summary.error().message.c_str());
    return 1;
  }
  std::vector<training::SessionEvent> events;
  std::int64_t seq = 0;
  for (auto& e : *epochs) events.push_back({++seq, std::move(e)});
  events.push_back({++seq, training::StatusChange{training::SessionStatus::Imported, "imported from " + file}});
  std::promise<Expected<training::IngestResult>> appended;
  (*service)->appendEvents(summary->id, std::move(events),
                           [&](Expected<training::IngestResult> r) { appended.set_value(std::move(r)); });
  auto result = appended.get_future().get();
  if (!result) {
    std::fprintf(stderr, "mlide sessions import: %s\n", result.error().message.c_str());
    return 1;
  }
  auto detail = (*service)->session(summary->id);
  (*service)->stop();
  if (!detail) {
    std::fprintf(stderr, "mlide sessions import: %s\n", detail.error().message.c_str());
    return 1;
  }
  showDetail(*detail, asJson);
  return 0;
}

}  // namespace

int runSessions(const Args& args) {
  std::string action = "list";
  std::string target;
  std::string db = (fs::path(".mlide") / "mlide.db").string();
  std::string format = "text";
  std::string name;
  std::string script;
  std::string configFile;
  double interruptedAfter = training::kDefaultInterruptedAfterSeconds;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    const std::string* v = nullptr;
    if (a == "-h" || a == "--help") {
      std::fputs(kSessionsUsage, stdout);
      return 0;
    } else if (a == "--db" && (v = value())) {
      db = *v;
    } else if (a == "--format" && (v = value())) {
      format = *v;
    } else if (a == "--name" && (v = value())) {
      name = *v;
    } else if (a == "--script" && (v = value())) {
      script = *v;
    } else if (a == "--config" && (v = value())) {
      configFile = *v;
    } else if (a == "--interrupted-after" && (v = value())) {
      char* end = nullptr;
      interruptedAfter = std::strtod(v->c_str(), &end);
      if (*end || v->empty() || !(interruptedAfter >= 0)) {
        std::fprintf(stderr, "mlide sessions: --interrupted-after expects seconds >= 0, got '%s'\n",
                     v->c_str());
        return kUsageError;
      }
    } else if (a.rfind("--", 0) == 0) {
      std::fprintf(stderr, "mlide sessions: unknown or incomplete option '%s'\n%s", a.c_str(), kSessionsUsage);
      return kUsageError;
    } else {
      positional.push_back(a);
    }
  }
  if (format != "text" && format != "json") {
    std::fprintf(stderr, "mlide sessions: --format expects text or json, got '%s'\n", format.c_str());
    return kUsageError;
  }
  if (!positional.empty()) action = positional[0];
  if ((action == "show" || action == "import") && positional.size() != 2) {
    std::fprintf(stderr, "mlide sessions %s: expects exactly one %s\n%s", action.c_str(),
                 action == "show" ? "session id" : "file", kSessionsUsage);
    return kUsageError;
  }
  if (action == "list" && positional.size() > 1) {
    std::fprintf(stderr, "mlide sessions: unexpected '%s'\n%s", positional[1].c_str(), kSessionsUsage);
    return kUsageError;
  }
  const bool asJson = format == "json";
  if (action == "import") return importCsv(positional[1], db, name, script, configFile, asJson);
  if (action != "list" && action != "show") {
    std::fprintf(stderr, "mlide sessions: unknown action '%s' (list, show, import)\n", action.c_str());
    return kUsageError;
  }
  auto store = openStore(db);
  if (!store) {
    std::fprintf(stderr, "mlide sessions: %s\n", store.error().message.c_str());
    return 1;
  }
  (*store)->setInterruptedAfter(interruptedAfter);
  if (action == "list") {
    auto list = (*store)->listSessions();
    if (!list) {
      std::fprintf(stderr, "mlide sessions: %s\n", list.error().message.c_str());
      return 1;
    }
    if (asJson) {
      json arr = json::array();
      for (const auto& s : *list) arr.push_back(listener::summaryToJson(s));
      std::cout << json{{"sessions", arr}}.dump(2) << "\n";
    } else {
      std::printf("%-5s %-24s %-11s %6s %8s  %-24s  %s\n", "ID", "NAME", "STATUS", "EPOCHS",
                  "FINDINGS", "STARTED", "SCRIPT");
      for (const auto& s : *list) printSummaryLine(s);
    }
    return 0;
  }
  char* end = nullptr;
  const long long id = std::strtoll(positional[1].c_str(), &end, 10);
  if (*end || id <= 0) {
    std::fprintf(stderr, "mlide sessions show: '%s' is not a session id\n", positional[1].c_str());
    return kUsageError;
  }
  auto detail = (*store)->loadSession(id);
  if (!detail) {
    std::fprintf(stderr, "mlide sessions show: %s\n", detail.error().message.c_str());
    return 1;
  }
  showDetail(*detail, asJson);
  return 0;
}

}  // namespace mlide::cli
