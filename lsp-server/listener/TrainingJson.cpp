#include "lsp-server/listener/TrainingJson.hpp"

#include <cmath>
#include <ctime>
#include <limits>

#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/dynamic/DynamicCheck.hpp"

namespace mlide::listener {

using namespace mlide::training;

namespace {

// Thrown inside this file only, turned into an Error at each parse entry point: it keeps the
// field readers short and the error names the exact field.
struct BadField {
  std::string message;
};

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw BadField{path + ": " + what}; }

const json* member(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

double toNumber(const json& v, const std::string& path) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (s == "inf" || s == "infinity" || s == "+inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf" || s == "-infinity") return -std::numeric_limits<double>::infinity();
  }
  fail(path, "expected a number (or \"nan\", \"inf\", \"-inf\")");
}

double num(const json& obj, const char* key, const std::string& path, double fallback) {
  const json* v = member(obj, key);
  return v ? toNumber(*v, path + "." + key) : fallback;
}

std::optional<double> optNum(const json& obj, const char* key, const std::string& path) {
  const json* v = member(obj, key);
  if (!v) return std::nullopt;
  return toNumber(*v, path + "." + key);
}

std::int64_t integer(const json& obj, const char* key, const std::string& path, std::int64_t fallback,
                     bool required = false) {
  const json* v = member(obj, key);
  if (!v) {
    if (required) fail(path + "." + key, "required");
    return fallback;
  }
  if (v->is_number_integer()) return v->get<std::int64_t>();
  if (v->is_number_float()) {
    const double d = v->get<double>();
    if (std::floor(d) == d && std::fabs(d) < 9e15) return static_cast<std::int64_t>(d);
  }
  fail(path + "." + key, "expected an integer");
}

int int32(const json& obj, const char* key, const std::string& path, int fallback, bool required = false) {
  const std::int64_t v = integer(obj, key, path, fallback, required);
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) fail(path + "." + key, "out of range");
  return static_cast<int>(v);
}

std::string str(const json& obj, const char* key, const std::string& path, bool required = false) {
  const json* v = member(obj, key);
  if (!v) {
    if (required) fail(path + "." + key, "required");
    return {};
  }
  if (!v->is_string()) fail(path + "." + key, "expected a string");
  return v->get<std::string>();
}

bool boolean(const json& obj, const char* key, const std::string& path) {
  const json* v = member(obj, key);
  if (!v) return false;
  if (!v->is_boolean()) fail(path + "." + key, "expected true or false");
  return v->get<bool>();
}

const json& object(const json& v, const std::string& path) {
  if (!v.is_object()) fail(path, "expected an object");
  return v;
}

ModelInfo parseModel(const json& m, const std::string& p) {
  object(m, p);
  ModelInfo info;
  info.framework = str(m, "framework", p);
  info.script = str(m, "script", p);
  info.attachLine = int32(m, "attachLine", p, 0);
  info.logLine = int32(m, "logLine", p, 0);
  info.modelClass = str(m, "modelClass", p);
  info.modelFile = str(m, "modelFile", p);
  info.modelLine = int32(m, "modelLine", p, 0);
  info.optimizerClass = str(m, "optimizerClass", p);
  info.initialLr = optNum(m, "initialLr", p);
  info.schedulerClass = str(m, "schedulerClass", p);
  info.lossClass = str(m, "lossClass", p);
  info.firstConvName = str(m, "firstConvName", p);
  info.firstConvInChannels = int32(m, "firstConvInChannels", p, 0);
  info.channelsLast = boolean(m, "channelsLast", p);
  info.numClasses = int32(m, "numClasses", p, 0);
  info.plannedEpochs = int32(m, "plannedEpochs", p, 0);
  return info;
}

EpochRecord parseEpoch(const json& e, const std::string& p) {
  EpochRecord r;
  r.epoch = int32(e, "epoch", p, 0, true);
  if (const json* m = member(e, "metrics")) {
    object(*m, p + ".metrics");
    for (auto it = m->begin(); it != m->end(); ++it) {
      if (it->is_null()) continue;
      r.metrics[it.key()] = toNumber(*it, p + ".metrics." + it.key());
    }
  }
  r.lr = optNum(e, "lr", p);
  r.wallTime = num(e, "wallTime", p, 0);
  return r;
}

InputStats parseInput(const json& e, const std::string& p) {
  InputStats s;
  s.epoch = int32(e, "epoch", p, 0);
  s.batch = int32(e, "batch", p, 0);
  s.min = num(e, "min", p, 0);
  s.max = num(e, "max", p, 0);
  s.mean = num(e, "mean", p, 0);
  s.std = num(e, "std", p, 0);
  s.dtype = str(e, "dtype", p);
  if (const json* sh = member(e, "shape")) {
    if (!sh->is_array()) fail(p + ".shape", "expected an array of integers");
    for (std::size_t i = 0; i < sh->size(); ++i) {
      if (!(*sh)[i].is_number_integer()) fail(p + ".shape[" + std::to_string(i) + "]", "expected an integer");
      s.shape.push_back((*sh)[i].get<std::int64_t>());
    }
  }
  s.nanCount = integer(e, "nanCount", p, 0);
  s.infCount = integer(e, "infCount", p, 0);
  s.integral = boolean(e, "integral", p);
  return s;
}

EpochGradients parseGradients(const json& e, const std::string& p) {
  EpochGradients g;
  g.epoch = int32(e, "epoch", p, 0, true);
  const json* layers = member(e, "layers");
  if (!layers || !layers->is_array()) fail(p + ".layers", "expected an array");
  for (std::size_t i = 0; i < layers->size(); ++i) {
    const std::string lp = p + ".layers[" + std::to_string(i) + "]";
    const json& l = object((*layers)[i], lp);
    LayerGradient lg;
    lg.layer = str(l, "layer", lp, true);
    lg.meanNorm = num(l, "meanNorm", lp, 0);
    lg.maxNorm = num(l, "maxNorm", lp, 0);
    lg.minNorm = num(l, "minNorm", lp, 0);
    lg.zeroFraction = num(l, "zeroFraction", lp, 0);
    lg.steps = integer(l, "steps", lp, 0);
    g.layers.push_back(std::move(lg));
  }
  return g;
}

FrameworkWarning parseWarning(const json& e, const std::string& p) {
  FrameworkWarning w;
  w.epoch = int32(e, "epoch", p, -1);
  w.category = str(e, "category", p);
  w.message = str(e, "message", p, true);
  w.file = str(e, "file", p);
  w.line = int32(e, "line", p, 0);
  return w;
}

StatusChange parseStatus(const json& e, const std::string& p) {
  StatusChange c;
  const std::string name = str(e, "status", p, true);
  auto s = parseSessionStatus(name);
  if (!s || *s == SessionStatus::Running || *s == SessionStatus::Interrupted)
    fail(p + ".status", "expected \"finished\", \"failed\" or \"imported\"");
  c.status = *s;
  c.message = str(e, "message", p);
  return c;
}

json location(const SourceSpan& s) {
  if (s.line <= 0) return nullptr;
  return {{"path", s.path}, {"line", s.line}, {"column", s.column + 1}, {"endLine", s.endLine},
          {"endColumn", s.endColumn + 1}};
}

}  // namespace

json number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

std::string isoTime(double t) {
  if (t <= 0) return {};
  const std::time_t secs = static_cast<std::time_t>(std::floor(t));
  const int millis = static_cast<int>((t - std::floor(t)) * 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];  // room for any int the format could print
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

Expected<SessionStart> parseSessionStart(const json& body) {
  try {
    object(body, "body");
    SessionStart s;
    s.name = str(body, "name", "body");
    s.clientId = str(body, "clientId", "body");
    s.startedAt = num(body, "startedAt", "body", 0);
    if (const json* m = member(body, "model")) s.model = parseModel(*m, "body.model");
    if (s.clientId.size() > 200) fail("body.clientId", "longer than 200 characters");
    if (s.name.size() > 200) fail("body.name", "longer than 200 characters");
    return s;
  } catch (const BadField& e) {
    return makeError(ErrorCode::InvalidArgument, e.message);
  }
}

Expected<std::vector<SessionEvent>> parseEvents(const json& body) {
  try {
    object(body, "body");
    const json* events = member(body, "events");
    if (!events || !events->is_array()) fail("body.events", "expected an array of events");
    std::vector<SessionEvent> out;
    out.reserve(events->size());
    for (std::size_t i = 0; i < events->size(); ++i) {
      const std::string p = "events[" + std::to_string(i) + "]";
      const json& e = object((*events)[i], p);
      SessionEvent ev;
      ev.seq = integer(e, "seq", p, 0, true);
      if (ev.seq <= 0) fail(p + ".seq", "must be positive");
      if (!out.empty() && ev.seq <= out.back().seq) fail(p + ".seq", "must increase within a request");
      const std::string type = str(e, "type", p, true);
      if (type == "epoch") ev.payload = parseEpoch(e, p);
      else if (type == "input") ev.payload = parseInput(e, p);
      else if (type == "gradients") ev.payload = parseGradients(e, p);
      else if (type == "warning") ev.payload = parseWarning(e, p);
      else if (type == "status") ev.payload = parseStatus(e, p);
      else fail(p + ".type", "unknown event type '" + type + "' (epoch, input, gradients, warning, status)");
      out.push_back(std::move(ev));
    }
    return out;
  } catch (const BadField& e) {
    return makeError(ErrorCode::InvalidArgument, e.message);
  }
}

json summaryToJson(const SessionSummary& s) {
  json j{{"id", s.id},
         {"name", s.name},
         {"script", s.script},
         {"framework", s.framework},
         {"startedAt", isoTime(s.startedAt)},
         {"startedAtSeconds", s.startedAt},
         {"updatedAt", isoTime(s.updatedAt)},
         {"status", sessionStatusName(s.status)},
         {"statusMessage", s.statusMessage},
         {"epochs", s.epochCount},
         {"findings", s.findingCount},
         {"lastSeq", s.lastSeq}};
  j["endedAt"] = s.endedAt ? json(isoTime(*s.endedAt)) : json(nullptr);
  j["lastEpoch"] = s.lastEpoch ? json(*s.lastEpoch) : json(nullptr);
  return j;
}

json detailToJson(const SessionDetail& d) {
  json j = summaryToJson(d.summary);
  const ModelInfo& m = d.history.model;
  j["model"] = {{"framework", m.framework},         {"script", m.script},
                {"attachLine", m.attachLine},       {"logLine", m.logLine},
                {"modelClass", m.modelClass},       {"modelFile", m.modelFile},
                {"modelLine", m.modelLine},         {"optimizerClass", m.optimizerClass},
                {"initialLr", m.initialLr ? number(*m.initialLr) : json(nullptr)},
                {"schedulerClass", m.schedulerClass}, {"lossClass", m.lossClass},
                {"firstConvName", m.firstConvName}, {"firstConvInChannels", m.firstConvInChannels},
                {"channelsLast", m.channelsLast},   {"numClasses", m.numClasses},
                {"plannedEpochs", m.plannedEpochs}};
  json epochs = json::array();
  for (const EpochRecord& e : d.history.epochs) {
    json metrics = json::object();
    for (const auto& [k, v] : e.metrics) metrics[k] = number(v);
    epochs.push_back({{"epoch", e.epoch}, {"metrics", metrics}, {"lr", e.lr ? number(*e.lr) : json(nullptr)},
                      {"wallTime", e.wallTime}});
  }
  j["epochList"] = std::move(epochs);
  json inputs = json::array();
  for (const InputStats& s : d.history.inputs) {
    inputs.push_back({{"epoch", s.epoch}, {"batch", s.batch}, {"min", number(s.min)}, {"max", number(s.max)},
                      {"mean", number(s.mean)}, {"std", number(s.std)}, {"dtype", s.dtype}, {"shape", s.shape},
                      {"nanCount", s.nanCount}, {"infCount", s.infCount}, {"integral", s.integral}});
  }
  j["inputs"] = std::move(inputs);
  json grads = json::array();
  for (const EpochGradients& g : d.history.gradients) {
    json layers = json::array();
    for (const LayerGradient& l : g.layers) {
      layers.push_back({{"layer", l.layer}, {"meanNorm", number(l.meanNorm)}, {"maxNorm", number(l.maxNorm)},
                        {"minNorm", number(l.minNorm)}, {"zeroFraction", number(l.zeroFraction)}, {"steps", l.steps}});
    }
    grads.push_back({{"epoch", g.epoch}, {"layers", std::move(layers)}});
  }
  j["gradients"] = std::move(grads);
  json warnings = json::array();
  for (const FrameworkWarning& w : d.history.warnings) {
    warnings.push_back({{"epoch", w.epoch}, {"category", w.category}, {"message", w.message}, {"file", w.file},
                        {"line", w.line}});
  }
  j["warnings"] = std::move(warnings);
  json findings = json::array();
  for (const StoredFinding& f : d.findings) {
    // The catalogue's title, as the diagnostics show it.
    const mlide::checks::RuleInfo* rule = mlide::checks::findRule(f.finding.slug);
    findings.push_back({{"code", f.code},
                        {"rule", f.finding.slug},
                        {"title", rule ? std::string(rule->title) : f.finding.slug},
                        {"key", f.finding.key},
                        {"severity", severityName(f.finding.severity)},
                        {"message", f.finding.message},
                        {"epochs", f.finding.epochs},
                        {"anchor", anchorName(f.finding.anchor)},
                        {"location", location(f.location)}});
  }
  j["findingList"] = std::move(findings);
  return j;
}

json ingestToJson(const IngestResult& r) {
  return {{"session", r.session}, {"ackedSeq", r.ackedSeq}, {"accepted", r.accepted}, {"duplicates", r.duplicates}};
}

}  // namespace mlide::listener
