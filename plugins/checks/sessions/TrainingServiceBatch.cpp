// TrainingService's writer thread: one transaction per batch of requests.
#include <algorithm>
#include <map>

#include "core/support/Logging.hpp"
#include "plugins/checks/sessions/TrainingServiceJob.hpp"

namespace mlide::training {
namespace {

constexpr std::size_t kMaxLiveSessions = 256;

std::string codeOf(const std::string& slug) {
  const DynamicRule* r = findDynamicRule(slug);
  return r ? std::string(r->code) : std::string();
}

}  // namespace

Expected<TrainingService::Live*> TrainingService::live(std::int64_t id) {
  auto it = live_.find(id);
  if (it != live_.end()) return it->second.get();
  auto detail = store_->loadSession(id);
  if (!detail) return detail.takeError();
  auto s = std::make_unique<Live>();
  s->summary = std::move(detail->summary);
  s->history = std::move(detail->history);
  s->findings = std::move(detail->findings);
  s->resolver = std::make_unique<SourceResolver>(s->history.model);
  Live* raw = s.get();
  live_[id] = std::move(s);
  return raw;
}

void TrainingService::clearPublished(std::int64_t session) {
  auto it = published_.find(session);
  if (it == published_.end()) return;
  if (observer_) {
    for (const std::string& path : it->second) observer_->publishDiagnostics(path, {}, nullptr);
  }
  published_.erase(it);
}

void TrainingService::publish(Live& s) {
  if (!observer_ || s.summary.script.empty()) return;
  auto owner = scriptOwner_.find(s.summary.script);
  if (owner != scriptOwner_.end() && owner->second != s.summary.id) return;  // a newer run shows
  struct FileDiags {
    std::vector<Diag> diags;
    std::shared_ptr<const std::string> text;
  };
  std::map<std::string, FileDiags> byPath;
  for (const StoredFinding& f : s.findings) {
    auto where = s.resolver->resolve(f.finding);
    if (!where) continue;
    FileDiags& file = byPath[where->path];
    if (file.text != where->text) {
      // The file changed on disk during this pass: earlier offsets refer to the old text. The
      // next batch publishes them again against the new one.
      file.diags.clear();
      file.text = where->text;
    }
    file.diags.push_back(makeTrainingDiag(f, *where, s.summary.name));
  }
  std::set<std::string>& paths = published_[s.summary.id];
  for (const std::string& p : paths) {
    if (!byPath.count(p)) observer_->publishDiagnostics(p, {}, nullptr);
  }
  paths.clear();
  for (auto& [path, file] : byPath) {
    paths.insert(path);
    observer_->publishDiagnostics(path, std::move(file.diags), std::move(file.text));
  }
}

void TrainingService::evictIdle() {
  if (live_.size() <= kMaxLiveSessions) return;
  std::vector<std::pair<double, std::int64_t>> order;
  for (const auto& [id, s] : live_) {
    const bool running = s->summary.status == SessionStatus::Running;
    order.push_back({(running ? 1e18 : 0) + s->summary.updatedAt, id});
  }
  std::sort(order.begin(), order.end());
  for (std::size_t i = 0; live_.size() > kMaxLiveSessions / 2 && i < order.size(); ++i) {
    live_.erase(order[i].second);
  }
}

void TrainingService::processBatch(std::vector<Job>& batch) {
  DynamicConfig config;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    config = config_;
  }
  struct Outcome {
    std::optional<Expected<SessionSummary>> created;
    std::optional<Expected<IngestResult>> appended;
  };
  std::vector<Outcome> outcomes(batch.size());
  std::set<std::int64_t> touched, findingsChanged, finished;
  std::vector<std::int64_t> createdIds;
  bool republish = false;

  auto tx = store::Transaction::begin(store_->db());
  if (!tx) {
    for (Job& j : batch) {
      if (j.created) j.created(tx.error());
      if (j.appended) j.appended(tx.error());
      if (j.flushed) j.flushed();
    }
    return;
  }
  store::Database& db = store_->db();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Job& j = batch[i];
    if (j.kind == Job::Kind::Republish) republish = true;
    if (j.kind != Job::Kind::Create && j.kind != Job::Kind::Append) continue;
    if (auto s = db.exec("SAVEPOINT job"); !s) {
      if (j.kind == Job::Kind::Create) outcomes[i].created = Expected<SessionSummary>(s.error());
      else outcomes[i].appended = Expected<IngestResult>(s.error());
      continue;
    }
    Status status;
    if (j.kind == Job::Kind::Create) {
      auto created = store_->createSession(j.start);
      if (created) {
        createdIds.push_back(created->id);
        touched.insert(created->id);
        outcomes[i].created = *created;
      } else {
        status = created.error();
        outcomes[i].created = Expected<SessionSummary>(created.error());
      }
    } else {
      auto s = live(j.session);
      if (!s) {
        status = s.error();
      } else {
        Live& L = **s;
        std::stable_sort(j.events.begin(), j.events.end(),
                         [](const SessionEvent& a, const SessionEvent& b) { return a.seq < b.seq; });
        IngestResult r;
        r.session = j.session;
        std::int64_t last = L.summary.lastSeq;
        std::vector<const SessionEvent*> fresh;
        for (const SessionEvent& e : j.events) {
          if (e.seq <= last) {
            ++r.duplicates;
            continue;
          }
          last = e.seq;
          fresh.push_back(&e);
          Status put;
          if (auto* rec = std::get_if<EpochRecord>(&e.payload)) put = store_->putEpoch(j.session, *rec);
          else if (auto* in = std::get_if<InputStats>(&e.payload)) put = store_->putInput(j.session, *in);
          else if (auto* g = std::get_if<EpochGradients>(&e.payload)) put = store_->putGradients(j.session, *g);
          else if (auto* w = std::get_if<FrameworkWarning>(&e.payload)) put = store_->putWarning(j.session, e.seq, *w);
          else if (auto* c = std::get_if<StatusChange>(&e.payload)) put = store_->setStatus(j.session, *c, nowSeconds());
          if (!put) {
            status = put;
            break;
          }
        }
        if (status) status = store_->setProgress(j.session, last, nowSeconds());
        if (status) {
          for (const SessionEvent* e : fresh) {
            applyEvent(L, *e);
            if (std::holds_alternative<StatusChange>(e->payload)) finished.insert(j.session);
          }
          L.summary.lastSeq = last;
          L.summary.updatedAt = nowSeconds();
          r.accepted = static_cast<int>(fresh.size());
          r.ackedSeq = last;
          touched.insert(j.session);
          outcomes[i].appended = r;
        }
      }
      if (!status) outcomes[i].appended = Expected<IngestResult>(status.error());
    }
    if (status) {
      (void)db.exec("RELEASE job");
    } else {
      (void)db.exec("ROLLBACK TO job");
      (void)db.exec("RELEASE job");
    }
  }

  // Checks, on every session that received events in this batch.
  Status commit;
  for (std::int64_t id : touched) {
    auto it = live_.find(id);
    if (it == live_.end()) continue;
    Live& L = *it->second;
    std::vector<DynamicFinding> found = runDynamicChecks(L.history, config);
    if (sameFindings(L.findings, found)) continue;
    std::vector<StoredFinding> stored;
    for (DynamicFinding& f : found) {
      StoredFinding sf;
      sf.code = codeOf(f.slug);
      if (auto where = L.resolver->resolve(f)) sf.location = where->span;
      sf.finding = std::move(f);
      stored.push_back(std::move(sf));
    }
    if (commit = store_->replaceFindings(id, stored); !commit) break;
    L.findings = std::move(stored);
    L.summary.findingCount = static_cast<std::int64_t>(L.findings.size());
    findingsChanged.insert(id);
  }
  if (commit) commit = tx->commit();
  if (!commit) {
    log::error("training: commit failed: " + commit.error().describe());
    for (std::int64_t id : touched) live_.erase(id);  // memory may be ahead of the database
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (batch[i].created) batch[i].created(commit.error());
      if (batch[i].appended) batch[i].appended(commit.error());
      if (batch[i].flushed) batch[i].flushed();
    }
    return;
  }

  for (std::size_t i = 0; i < batch.size(); ++i) {
    Job& j = batch[i];
    if (j.created && outcomes[i].created) j.created(std::move(*outcomes[i].created));
    if (j.appended && outcomes[i].appended) j.appended(std::move(*outcomes[i].appended));
    if (j.flushed) j.flushed();
  }

  // The editor: a new run of a script clears the previous run's diagnostics of that script.
  for (std::int64_t id : createdIds) {
    auto s = live(id);
    if (!s) continue;
    const std::string& script = (*s)->summary.script;
    if (!script.empty()) {
      auto owner = scriptOwner_.find(script);
      if (owner != scriptOwner_.end() && owner->second != id) clearPublished(owner->second);
      scriptOwner_[script] = id;
    }
  }
  if (republish && options_.publishLastRuns) {
    if (auto ids = store_->latestPerScript()) {
      for (std::int64_t id : *ids) {
        auto s = live(id);
        if (!s) continue;
        scriptOwner_[(*s)->summary.script] = id;
        publish(**s);
      }
    }
  }
  for (std::int64_t id : findingsChanged) {
    if (auto s = live(id)) publish(**s);
  }
  if (observer_) {
    for (std::int64_t id : touched) {
      auto it = live_.find(id);
      if (it == live_.end()) continue;
      const bool isNew = std::find(createdIds.begin(), createdIds.end(), id) != createdIds.end();
      observer_->sessionChanged(it->second->summary, isNew ? SessionChangeKind::Created
                                                   : finished.count(id) ? SessionChangeKind::Finished
                                                                        : SessionChangeKind::Updated);
    }
  }
  evictIdle();
}

}  // namespace mlide::training
