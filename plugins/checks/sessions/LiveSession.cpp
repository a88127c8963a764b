// In-memory session state of the writer thread: applying committed events, comparing findings.
#include <algorithm>

#include "plugins/checks/sessions/TrainingServiceJob.hpp"

namespace mlide::training {

void applyEvent(TrainingService::Live& s, const SessionEvent& e) {
  RunHistory& h = s.history;
  if (auto* rec = std::get_if<EpochRecord>(&e.payload)) {
    auto it = std::lower_bound(h.epochs.begin(), h.epochs.end(), rec->epoch,
                               [](const EpochRecord& a, int epoch) { return a.epoch < epoch; });
    if (it != h.epochs.end() && it->epoch == rec->epoch) {
      *it = *rec;
    } else {
      h.epochs.insert(it, *rec);
      ++s.summary.epochCount;
    }
    s.summary.lastEpoch = std::max(s.summary.lastEpoch.value_or(rec->epoch), rec->epoch);
  } else if (auto* in = std::get_if<InputStats>(&e.payload)) {
    auto key = [](const InputStats& x) { return std::pair(x.epoch, x.batch); };
    auto it = std::lower_bound(h.inputs.begin(), h.inputs.end(), key(*in),
                               [&](const InputStats& a, std::pair<int, int> k) { return key(a) < k; });
    if (it != h.inputs.end() && key(*it) == key(*in)) {
      *it = *in;
    } else {
      h.inputs.insert(it, *in);
    }
  } else if (auto* g = std::get_if<EpochGradients>(&e.payload)) {
    auto it = std::lower_bound(h.gradients.begin(), h.gradients.end(), g->epoch,
                               [](const EpochGradients& a, int epoch) { return a.epoch < epoch; });
    if (it != h.gradients.end() && it->epoch == g->epoch) {
      *it = *g;
    } else {
      h.gradients.insert(it, *g);
    }
  } else if (auto* w = std::get_if<FrameworkWarning>(&e.payload)) {
    h.warnings.push_back(*w);
  } else if (auto* c = std::get_if<StatusChange>(&e.payload)) {
    s.summary.status = c->status;
    s.summary.statusMessage = c->message;
    if (c->status != SessionStatus::Running) s.summary.endedAt = nowSeconds();
  }
}

bool sameFindings(const std::vector<StoredFinding>& a, const std::vector<DynamicFinding>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const DynamicFinding& x = a[i].finding;
    const DynamicFinding& y = b[i];
    if (x.slug != y.slug || x.key != y.key || x.severity != y.severity || x.message != y.message ||
        x.epochs != y.epochs || x.anchor != y.anchor || x.layer != y.layer || x.file != y.file ||
        x.line != y.line) {
      return false;
    }
  }
  return true;
}

}  // namespace mlide::training
