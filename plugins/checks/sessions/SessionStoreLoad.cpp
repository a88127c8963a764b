// SessionStore::loadSession: reading a whole session back (split from SessionStore.cpp).
#include <cmath>
#include <limits>
#include <map>

#include "plugins/checks/sessions/SessionStore.hpp"

namespace mlide::training {
namespace {

using store::Statement;

double realOrNan(const Statement& st, int col) {
  return st.columnIsNull(col) ? std::numeric_limits<double>::quiet_NaN() : st.columnDouble(col);
}

std::vector<std::int64_t> parseShape(const std::string& s) {
  std::vector<std::int64_t> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(std::strtoll(s.substr(i, j - i).c_str(), nullptr, 10));
    i = j + 1;
  }
  return out;
}

// Runs `sql` bound to the session id and calls `row` for each result row.
template <typename F>
Status eachRow(store::Database& db, const char* sql, std::int64_t session, F&& row) {
  auto st = db.prepare(sql);
  if (!st) return st.takeError();
  st->bind(1, session);
  for (;;) {
    auto r = st->step();
    if (!r) return r.takeError();
    if (!*r) return okStatus();
    row(*st);
  }
}

}  // namespace

Expected<SessionDetail> SessionStore::loadSession(std::int64_t session) {
  auto sum = summary(session);
  if (!sum) return sum.takeError();
  if (!*sum) return makeError(ErrorCode::NotFound, "no training session " + std::to_string(session));
  SessionDetail d;
  d.summary = **sum;
  ModelInfo& m = d.history.model;
  Status s = eachRow(*db_,
                     "SELECT framework, script, attach_line, log_line, model_class, model_file, model_line, "
                     "optimizer_class, initial_lr, scheduler_class, loss_class, first_conv_name, "
                     "first_conv_in_channels, channels_last, num_classes, planned_epochs "
                     "FROM training_sessions WHERE id = ?1",
                     session, [&](const Statement& st) {
                       m.framework = st.columnText(0);
                       m.script = st.columnText(1);
                       m.attachLine = static_cast<int>(st.columnInt(2));
                       m.logLine = static_cast<int>(st.columnInt(3));
                       m.modelClass = st.columnText(4);
                       m.modelFile = st.columnText(5);
                       m.modelLine = static_cast<int>(st.columnInt(6));
                       m.optimizerClass = st.columnText(7);
                       if (!st.columnIsNull(8)) m.initialLr = st.columnDouble(8);
                       m.schedulerClass = st.columnText(9);
                       m.lossClass = st.columnText(10);
                       m.firstConvName = st.columnText(11);
                       m.firstConvInChannels = static_cast<int>(st.columnInt(12));
                       m.channelsLast = st.columnInt(13) != 0;
                       m.numClasses = static_cast<int>(st.columnInt(14));
                       m.plannedEpochs = static_cast<int>(st.columnInt(15));
                     });
  if (!s) return s.takeError();

  std::map<int, std::size_t> byEpoch;
  s = eachRow(*db_, "SELECT epoch, lr, wall_time FROM training_epochs WHERE session_id = ?1 ORDER BY epoch",
              session, [&](const Statement& st) {
                EpochRecord r;
                r.epoch = static_cast<int>(st.columnInt(0));
                if (!st.columnIsNull(1)) r.lr = st.columnDouble(1);
                r.wallTime = st.columnDouble(2);
                byEpoch[r.epoch] = d.history.epochs.size();
                d.history.epochs.push_back(std::move(r));
              });
  if (!s) return s.takeError();
  s = eachRow(*db_, "SELECT epoch, name, value FROM training_metrics WHERE session_id = ?1", session,
              [&](const Statement& st) {
                auto it = byEpoch.find(static_cast<int>(st.columnInt(0)));
                if (it != byEpoch.end()) d.history.epochs[it->second].metrics[st.columnText(1)] = realOrNan(st, 2);
              });
  if (!s) return s.takeError();
  s = eachRow(*db_,
              "SELECT epoch, batch, min, max, mean, std, dtype, shape, nan_count, inf_count, integral "
              "FROM training_inputs WHERE session_id = ?1 ORDER BY epoch, batch",
              session, [&](const Statement& st) {
                InputStats in;
                in.epoch = static_cast<int>(st.columnInt(0));
                in.batch = static_cast<int>(st.columnInt(1));
                in.min = realOrNan(st, 2);
                in.max = realOrNan(st, 3);
                in.mean = realOrNan(st, 4);
                in.std = realOrNan(st, 5);
                in.dtype = st.columnText(6);
                in.shape = parseShape(st.columnText(7));
                in.nanCount = st.columnInt(8);
                in.infCount = st.columnInt(9);
                in.integral = st.columnInt(10) != 0;
                d.history.inputs.push_back(std::move(in));
              });
  if (!s) return s.takeError();
  s = eachRow(*db_,
              "SELECT epoch, layer, mean_norm, max_norm, min_norm, zero_fraction, steps "
              "FROM training_gradients WHERE session_id = ?1 ORDER BY epoch, position",
              session, [&](const Statement& st) {
                const int epoch = static_cast<int>(st.columnInt(0));
                if (d.history.gradients.empty() || d.history.gradients.back().epoch != epoch) {
                  d.history.gradients.push_back(EpochGradients{epoch, {}});
                }
                LayerGradient g;
                g.layer = st.columnText(1);
                g.meanNorm = realOrNan(st, 2);
                g.maxNorm = realOrNan(st, 3);
                g.minNorm = realOrNan(st, 4);
                g.zeroFraction = realOrNan(st, 5);
                g.steps = st.columnInt(6);
                d.history.gradients.back().layers.push_back(std::move(g));
              });
  if (!s) return s.takeError();
  s = eachRow(*db_,
              "SELECT epoch, category, message, file, line FROM training_warnings WHERE session_id = ?1 "
              "ORDER BY seq",
              session, [&](const Statement& st) {
                FrameworkWarning w;
                w.epoch = static_cast<int>(st.columnInt(0));
                w.category = st.columnText(1);
                w.message = st.columnText(2);
                w.file = st.columnText(3);
                w.line = static_cast<int>(st.columnInt(4));
                d.history.warnings.push_back(std::move(w));
              });
  if (!s) return s.takeError();

  std::map<std::int64_t, std::size_t> findingIndex;
  s = eachRow(*db_,
              "SELECT id, slug, key, code, severity, message, anchor, layer, anchor_file, anchor_line, "
              "suggested_lr, input_scale, path, line, col, end_line, end_col "
              "FROM training_findings WHERE session_id = ?1 ORDER BY id",
              session, [&](const Statement& st) {
                StoredFinding sf;
                DynamicFinding& f = sf.finding;
                f.slug = st.columnText(1);
                f.key = st.columnText(2);
                sf.code = st.columnText(3);
                f.severity = parseSeverity(st.columnText(4)).value_or(Severity::Warning);
                f.message = st.columnText(5);
                f.anchor = parseAnchor(st.columnText(6)).value_or(Anchor::Script);
                f.layer = st.columnText(7);
                f.file = st.columnText(8);
                f.line = static_cast<int>(st.columnInt(9));
                if (!st.columnIsNull(10)) f.suggestedLr = st.columnDouble(10);
                if (!st.columnIsNull(11)) f.inputScale = st.columnDouble(11);
                sf.location.path = st.columnText(12);
                sf.location.line = static_cast<int>(st.columnInt(13));
                sf.location.column = static_cast<int>(st.columnInt(14));
                sf.location.endLine = static_cast<int>(st.columnInt(15));
                sf.location.endColumn = static_cast<int>(st.columnInt(16));
                findingIndex[st.columnInt(0)] = d.findings.size();
                d.findings.push_back(std::move(sf));
              });
  if (!s) return s.takeError();
  s = eachRow(*db_,
              "SELECT fe.finding_id, fe.epoch FROM training_finding_epochs fe "
              "JOIN training_findings f ON f.id = fe.finding_id WHERE f.session_id = ?1 "
              "ORDER BY fe.finding_id, fe.epoch",
              session, [&](const Statement& st) {
                auto it = findingIndex.find(st.columnInt(0));
                if (it != findingIndex.end()) {
                  d.findings[it->second].finding.epochs.push_back(static_cast<int>(st.columnInt(1)));
                }
              });
  if (!s) return s.takeError();
  return d;
}

}  // namespace mlide::training
