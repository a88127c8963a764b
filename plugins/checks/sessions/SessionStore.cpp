#include "plugins/checks/sessions/SessionStore.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>

namespace mlide::training {
namespace {

using store::Statement;

constexpr const char* kComponent = "training";

// SQLite stores a bound NaN as NULL; we read NULL back as NaN in the value columns.
void bindReal(Statement& st, int i, double v) {
  if (std::isnan(v)) {
    st.bindNull(i);
  } else {
    st.bind(i, v);
  }
}

void bindOptReal(Statement& st, int i, const std::optional<double>& v) {
  if (v) {
    bindReal(st, i, *v);
  } else {
    st.bindNull(i);
  }
}


std::optional<double> optReal(const Statement& st, int col) {
  if (st.columnIsNull(col)) return std::nullopt;
  return st.columnDouble(col);
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
  std::string out;
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? "," : "") + std::to_string(shape[i]);
  return out;
}


std::string fileStem(const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  const auto dot = base.rfind('.');
  return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

std::string defaultName() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "unnamed_%y%m%d_%H%M%S", &tm);
  return buf;
}

const char* kSummaryColumns =
    "s.id, s.name, s.script, s.framework, s.started_at, s.updated_at, s.ended_at, s.status, "
    "s.status_message, s.last_seq, "
    "(SELECT COUNT(*) FROM training_epochs e WHERE e.session_id = s.id), "
    "(SELECT MAX(epoch) FROM training_epochs e WHERE e.session_id = s.id), "
    "(SELECT COUNT(*) FROM training_findings f WHERE f.session_id = s.id)";

SessionSummary readSummary(const Statement& st) {
  SessionSummary s;
  s.id = st.columnInt(0);
  s.name = st.columnText(1);
  s.script = st.columnText(2);
  s.framework = st.columnText(3);
  s.startedAt = st.columnDouble(4);
  s.updatedAt = st.columnDouble(5);
  s.endedAt = optReal(st, 6);
  s.status = parseSessionStatus(st.columnText(7)).value_or(SessionStatus::Running);
  s.statusMessage = st.columnText(8);
  s.lastSeq = st.columnInt(9);
  s.epochCount = st.columnInt(10);
  if (!st.columnIsNull(11)) s.lastEpoch = static_cast<int>(st.columnInt(11));
  s.findingCount = st.columnInt(12);
  return s;
}

// Statement cache slots.
enum Slot {
  kPutEpoch,
  kDeleteMetrics,
  kPutMetric,
  kPutInput,
  kPutGradient,
  kDeleteGradients,
  kPutWarning,
  kSetStatus,
  kSetProgress,
  kSlotCount,
};

}  // namespace

const char* sessionStatusName(SessionStatus s) {
  switch (s) {
    case SessionStatus::Running: return "running";
    case SessionStatus::Finished: return "finished";
    case SessionStatus::Failed: return "failed";
    case SessionStatus::Imported: return "imported";
    case SessionStatus::Interrupted: return "interrupted";
  }
  return "running";
}

std::optional<SessionStatus> parseSessionStatus(std::string_view n) {
  if (n == "running") return SessionStatus::Running;
  if (n == "finished") return SessionStatus::Finished;
  if (n == "failed") return SessionStatus::Failed;
  if (n == "imported") return SessionStatus::Imported;
  if (n == "interrupted") return SessionStatus::Interrupted;
  return std::nullopt;
}

double nowSeconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

const std::vector<store::Migration>& SessionStore::migrations() {
  static const std::vector<store::Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE training_sessions(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  client_id TEXT UNIQUE,
  script TEXT NOT NULL DEFAULT '',
  framework TEXT NOT NULL DEFAULT '',
  started_at REAL NOT NULL,
  updated_at REAL NOT NULL,
  ended_at REAL,
  status TEXT NOT NULL DEFAULT 'running',
  status_message TEXT NOT NULL DEFAULT '',
  last_seq INTEGER NOT NULL DEFAULT 0,
  attach_line INTEGER NOT NULL DEFAULT 0,
  log_line INTEGER NOT NULL DEFAULT 0,
  model_class TEXT NOT NULL DEFAULT '',
  model_file TEXT NOT NULL DEFAULT '',
  model_line INTEGER NOT NULL DEFAULT 0,
  optimizer_class TEXT NOT NULL DEFAULT '',
  initial_lr REAL,
  scheduler_class TEXT NOT NULL DEFAULT '',
  loss_class TEXT NOT NULL DEFAULT '',
  first_conv_name TEXT NOT NULL DEFAULT '',
  first_conv_in_channels INTEGER NOT NULL DEFAULT 0,
  channels_last INTEGER NOT NULL DEFAULT 0,
  num_classes INTEGER NOT NULL DEFAULT 0,
  planned_epochs INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX training_sessions_script ON training_sessions(script, started_at);
CREATE TABLE training_epochs(
  session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  lr REAL,
  wall_time REAL NOT NULL DEFAULT 0,
  PRIMARY KEY(session_id, epoch)
) WITHOUT ROWID;
CREATE TABLE training_metrics(
  session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  name TEXT NOT NULL,
  value REAL,
  PRIMARY KEY(session_id, epoch, name)
) WITHOUT ROWID;
CREATE TABLE training_inputs(
  session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  batch INTEGER NOT NULL,
  min REAL, max REAL, mean REAL, std REAL,
  dtype TEXT NOT NULL DEFAULT '',
  shape TEXT NOT NULL DEFAULT '',
  nan_count INTEGER NOT NULL DEFAULT 0,
  inf_count INTEGER NOT NULL DEFAULT 0,
  integral INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(session_id, epoch, batch)
) WITHOUT ROWID;
CREATE TABLE training_gradients(
  session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  position INTEGER NOT NULL,
  layer TEXT NOT NULL,
  mean_norm REAL, max_norm REAL, min_norm REAL,
  zero_fraction REAL NOT NULL DEFAULT 0,
  steps INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(session_id, epoch, position)
) WITHOUT ROWID;
CREATE TABLE training_warnings(
  session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  epoch INTEGER NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL,
  file TEXT NOT NULL DEFAULT '',
  line INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(session_id, seq)
) WITHOUT ROWID;
CREATE TABLE training_findings(
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
  slug TEXT NOT NULL,
  key TEXT NOT NULL DEFAULT '',
  code TEXT NOT NULL DEFAULT '',
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  anchor TEXT NOT NULL,
  layer TEXT NOT NULL DEFAULT '',
  anchor_file TEXT NOT NULL DEFAULT '',
  anchor_line INTEGER NOT NULL DEFAULT 0,
  suggested_lr REAL,
  input_scale REAL,
  path TEXT NOT NULL DEFAULT '',
  line INTEGER NOT NULL DEFAULT 0,
  col INTEGER NOT NULL DEFAULT 0,
  end_line INTEGER NOT NULL DEFAULT 0,
  end_col INTEGER NOT NULL DEFAULT 0,
  UNIQUE(session_id, slug, key)
);
CREATE TABLE training_finding_epochs(
  finding_id INTEGER NOT NULL REFERENCES training_findings(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  PRIMARY KEY(finding_id, epoch)
) WITHOUT ROWID;
)sql"},
  };
  return kMigrations;
}

SessionStore::SessionStore(std::unique_ptr<store::Database> db)
    : db_(std::move(db)), statements_(kSlotCount) {}

SessionStore::~SessionStore() { statements_.clear(); }

Expected<std::unique_ptr<SessionStore>> SessionStore::open(const std::string& path) {
  auto db = store::Database::open(path);
  if (!db) return db.takeError();
  if (auto s = (*db)->migrate(kComponent, migrations()); !s) return s.takeError();
  return std::unique_ptr<SessionStore>(new SessionStore(std::move(*db)));
}

Expected<store::Statement*> SessionStore::cached(int slot, const char* sql) {
  auto& st = statements_[static_cast<std::size_t>(slot)];
  if (!st) {
    auto p = db_->prepare(sql);
    if (!p) return p.takeError();
    st.emplace(std::move(*p));
  }
  st->reset();
  return &*st;
}

Expected<std::string> SessionStore::uniqueName(const std::string& requested) {
  auto st = db_->prepare(
      "SELECT name FROM training_sessions WHERE name = ?1 OR name GLOB ?1 || '_[0-9]*'");
  if (!st) return st.takeError();
  st->bind(1, requested);
  bool taken = false;
  long long maxCounter = 0;
  for (;;) {
    auto row = st->step();
    if (!row) return row.takeError();
    if (!*row) break;
    const std::string name = st->columnText(0);
    if (name == requested) {
      taken = true;
      continue;
    }
    const std::string suffix = name.substr(requested.size() + 1);
    if (suffix.find_first_not_of("0123456789") != std::string::npos || suffix.size() > 15) continue;
    maxCounter = std::max(maxCounter, std::stoll(suffix));
  }
  if (!taken && maxCounter == 0) return requested;
  return requested + "_" + std::to_string(maxCounter + 1);
}

Expected<SessionSummary> SessionStore::createSession(const SessionStart& start) {
  if (!start.clientId.empty()) {
    auto st = db_->prepare("SELECT id FROM training_sessions WHERE client_id = ?1");
    if (!st) return st.takeError();
    st->bind(1, start.clientId);
    auto row = st->step();
    if (!row) return row.takeError();
    if (*row) {
      auto s = summary(st->columnInt(0));
      if (!s) return s.takeError();
      if (*s) return **s;
    }
  }
  std::string requested = start.name;
  if (requested.empty()) requested = start.model.script.empty() ? defaultName() : fileStem(start.model.script);
  auto name = uniqueName(requested);
  if (!name) return name.takeError();
  const double at = start.startedAt > 0 ? start.startedAt : nowSeconds();
  const ModelInfo& m = start.model;
  auto st = db_->prepare(
      "INSERT INTO training_sessions(name, client_id, script, framework, started_at, updated_at, "
      "attach_line, log_line, model_class, model_file, model_line, optimizer_class, initial_lr, "
      "scheduler_class, loss_class, first_conv_name, first_conv_in_channels, channels_last, "
      "num_classes, planned_epochs) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
  if (!st) return st.takeError();
  st->bind(1, *name);
  if (start.clientId.empty()) {
    st->bindNull(2);
  } else {
    st->bind(2, start.clientId);
  }
  st->bind(3, m.script).bind(4, m.framework).bind(5, at);
  st->bind(6, static_cast<std::int64_t>(m.attachLine)).bind(7, static_cast<std::int64_t>(m.logLine));
  st->bind(8, m.modelClass).bind(9, m.modelFile).bind(10, static_cast<std::int64_t>(m.modelLine));
  st->bind(11, m.optimizerClass);
  bindOptReal(*st, 12, m.initialLr);
  st->bind(13, m.schedulerClass).bind(14, m.lossClass).bind(15, m.firstConvName);
  st->bind(16, static_cast<std::int64_t>(m.firstConvInChannels));
  st->bind(17, static_cast<std::int64_t>(m.channelsLast ? 1 : 0));
  st->bind(18, static_cast<std::int64_t>(m.numClasses));
  st->bind(19, static_cast<std::int64_t>(m.plannedEpochs));
  if (auto s = st->run(); !s) return s.takeError();
  auto s = summary(db_->lastInsertId());
  if (!s) return s.takeError();
  if (!*s) return makeError(ErrorCode::Internal, "session vanished after insert");
  return **s;
}

Status SessionStore::putEpoch(std::int64_t session, const EpochRecord& r) {
  auto st = cached(kPutEpoch,
                   "INSERT INTO training_epochs(session_id, epoch, lr, wall_time) VALUES(?1, ?2, ?3, ?4) "
                   "ON CONFLICT(session_id, epoch) DO UPDATE SET lr = excluded.lr, "
                   "wall_time = excluded.wall_time");
  if (!st) return st.takeError();
  (*st)->bind(1, session).bind(2, static_cast<std::int64_t>(r.epoch));
  bindOptReal(**st, 3, r.lr);
  (*st)->bind(4, r.wallTime);
  if (auto s = (*st)->run(); !s) return s;
  auto del = cached(kDeleteMetrics, "DELETE FROM training_metrics WHERE session_id = ?1 AND epoch = ?2");
  if (!del) return del.takeError();
  (*del)->bind(1, session).bind(2, static_cast<std::int64_t>(r.epoch));
  if (auto s = (*del)->run(); !s) return s;
  for (const auto& [name, value] : r.metrics) {
    auto m = cached(kPutMetric,
                    "INSERT INTO training_metrics(session_id, epoch, name, value) VALUES(?1, ?2, ?3, ?4)");
    if (!m) return m.takeError();
    (*m)->bind(1, session).bind(2, static_cast<std::int64_t>(r.epoch)).bind(3, name);
    bindReal(**m, 4, value);
    if (auto s = (*m)->run(); !s) return s;
  }
  return okStatus();
}

Status SessionStore::putInput(std::int64_t session, const InputStats& in) {
  auto st = cached(kPutInput,
                   "INSERT OR REPLACE INTO training_inputs(session_id, epoch, batch, min, max, mean, std, "
                   "dtype, shape, nan_count, inf_count, integral) "
                   "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  if (!st) return st.takeError();
  Statement& s = **st;
  s.bind(1, session).bind(2, static_cast<std::int64_t>(in.epoch)).bind(3, static_cast<std::int64_t>(in.batch));
  bindReal(s, 4, in.min);
  bindReal(s, 5, in.max);
  bindReal(s, 6, in.mean);
  bindReal(s, 7, in.std);
  s.bind(8, in.dtype).bind(9, shapeText(in.shape)).bind(10, in.nanCount).bind(11, in.infCount);
  s.bind(12, static_cast<std::int64_t>(in.integral ? 1 : 0));
  return s.run();
}

Status SessionStore::putGradients(std::int64_t session, const EpochGradients& g) {
  auto del = cached(kDeleteGradients, "DELETE FROM training_gradients WHERE session_id = ?1 AND epoch = ?2");
  if (!del) return del.takeError();
  (*del)->bind(1, session).bind(2, static_cast<std::int64_t>(g.epoch));
  if (auto s = (*del)->run(); !s) return s;
  std::int64_t position = 0;
  for (const LayerGradient& l : g.layers) {
    auto st = cached(kPutGradient,
                     "INSERT INTO training_gradients(session_id, epoch, position, layer, mean_norm, "
                     "max_norm, min_norm, zero_fraction, steps) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!st) return st.takeError();
    Statement& s = **st;
    s.bind(1, session).bind(2, static_cast<std::int64_t>(g.epoch)).bind(3, position++).bind(4, l.layer);
    bindReal(s, 5, l.meanNorm);
    bindReal(s, 6, l.maxNorm);
    bindReal(s, 7, l.minNorm);
    bindReal(s, 8, l.zeroFraction);
    s.bind(9, l.steps);
    if (auto r = s.run(); !r) return r;
  }
  return okStatus();
}

Status SessionStore::putWarning(std::int64_t session, std::int64_t seq, const FrameworkWarning& w) {
  auto st = cached(kPutWarning,
                   "INSERT OR REPLACE INTO training_warnings(session_id, seq, epoch, category, message, "
                   "file, line) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!st) return st.takeError();
  (*st)->bind(1, session).bind(2, seq).bind(3, static_cast<std::int64_t>(w.epoch)).bind(4, w.category);
  (*st)->bind(5, w.message).bind(6, w.file).bind(7, static_cast<std::int64_t>(w.line));
  return (*st)->run();
}

Status SessionStore::setStatus(std::int64_t session, const StatusChange& c, double at) {
  auto st = cached(kSetStatus,
                   "UPDATE training_sessions SET status = ?2, status_message = ?3, updated_at = ?4, "
                   "ended_at = CASE WHEN ?2 = 'running' THEN NULL ELSE ?4 END WHERE id = ?1");
  if (!st) return st.takeError();
  (*st)->bind(1, session).bind(2, sessionStatusName(c.status)).bind(3, c.message).bind(4, at);
  return (*st)->run();
}

Status SessionStore::setProgress(std::int64_t session, std::int64_t lastSeq, double at) {
  auto st = cached(kSetProgress,
                   "UPDATE training_sessions SET last_seq = MAX(last_seq, ?2), updated_at = ?3 WHERE id = ?1");
  if (!st) return st.takeError();
  (*st)->bind(1, session).bind(2, lastSeq).bind(3, at);
  return (*st)->run();
}

Status SessionStore::replaceFindings(std::int64_t session, const std::vector<StoredFinding>& findings) {
  auto del = db_->prepare("DELETE FROM training_findings WHERE session_id = ?1");
  if (!del) return del.takeError();
  del->bind(1, session);
  if (auto s = del->run(); !s) return s;
  auto ins = db_->prepare(
      "INSERT INTO training_findings(session_id, slug, key, code, severity, message, anchor, layer, "
      "anchor_file, anchor_line, suggested_lr, input_scale, path, line, col, end_line, end_col) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
  if (!ins) return ins.takeError();
  auto ep = db_->prepare("INSERT OR IGNORE INTO training_finding_epochs(finding_id, epoch) VALUES(?1, ?2)");
  if (!ep) return ep.takeError();
  for (const StoredFinding& sf : findings) {
    const DynamicFinding& f = sf.finding;
    ins->reset();
    ins->bind(1, session).bind(2, f.slug).bind(3, f.key).bind(4, sf.code).bind(5, severityName(f.severity));
    ins->bind(6, f.message).bind(7, anchorName(f.anchor)).bind(8, f.layer).bind(9, f.file);
    ins->bind(10, static_cast<std::int64_t>(f.line));
    bindOptReal(*ins, 11, f.suggestedLr);
    bindOptReal(*ins, 12, f.inputScale);
    ins->bind(13, sf.location.path).bind(14, static_cast<std::int64_t>(sf.location.line));
    ins->bind(15, static_cast<std::int64_t>(sf.location.column));
    ins->bind(16, static_cast<std::int64_t>(sf.location.endLine));
    ins->bind(17, static_cast<std::int64_t>(sf.location.endColumn));
    if (auto s = ins->run(); !s) return s;
    const std::int64_t id = db_->lastInsertId();
    for (int e : f.epochs) {
      ep->reset();
      ep->bind(1, id).bind(2, static_cast<std::int64_t>(e));
      if (auto s = ep->run(); !s) return s;
    }
  }
  return okStatus();
}

Expected<std::vector<SessionSummary>> SessionStore::listSessions() {
  auto st = db_->prepare(std::string("SELECT ") + kSummaryColumns +
                         " FROM training_sessions s ORDER BY s.started_at DESC, s.id DESC");
  if (!st) return st.takeError();
  std::vector<SessionSummary> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.takeError();
    if (!*row) break;
    out.push_back(markInterrupted(readSummary(*st)));
  }
  return out;
}

Expected<std::optional<SessionSummary>> SessionStore::summary(std::int64_t session) {
  auto st = db_->prepare(std::string("SELECT ") + kSummaryColumns + " FROM training_sessions s WHERE s.id = ?1");
  if (!st) return st.takeError();
  st->bind(1, session);
  auto row = st->step();
  if (!row) return row.takeError();
  if (!*row) return std::optional<SessionSummary>();
  return std::optional<SessionSummary>(markInterrupted(readSummary(*st)));
}

SessionSummary SessionStore::markInterrupted(SessionSummary s) const {
  if (s.status == SessionStatus::Running && interruptedAfter_ > 0 &&
      nowSeconds() - std::max(s.updatedAt, s.startedAt) > interruptedAfter_) {
    s.status = SessionStatus::Interrupted;
  }
  return s;
}

Expected<std::vector<std::int64_t>> SessionStore::latestPerScript() {
  auto st = db_->prepare(
      "SELECT s.id FROM training_sessions s WHERE s.script != '' AND s.id = "
      "(SELECT t.id FROM training_sessions t WHERE t.script = s.script "
      "ORDER BY t.started_at DESC, t.id DESC LIMIT 1)");
  if (!st) return st.takeError();
  std::vector<std::int64_t> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.takeError();
    if (!*row) break;
    out.push_back(st->columnInt(0));
  }
  return out;
}

}  // namespace mlide::training
