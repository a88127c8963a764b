// Private to TrainingService*.cpp: queued requests and per-session writer state.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "plugins/checks/sessions/SourceResolver.hpp"
#include "plugins/checks/sessions/TrainingService.hpp"

namespace mlide::training {

struct TrainingService::Job {
  enum class Kind { Create, Append, Republish, Flush };
  Kind kind = Kind::Flush;
  SessionStart start;
  std::int64_t session = 0;
  std::vector<SessionEvent> events;
  Callback<SessionSummary> created;
  Callback<IngestResult> appended;
  UniqueFunction<void()> flushed;
};

struct TrainingService::Live {
  SessionSummary summary;
  RunHistory history;
  std::vector<StoredFinding> findings;
  std::unique_ptr<SourceResolver> resolver;
};

/// Applies one committed event to the in-memory history (and the summary's counters).
void applyEvent(TrainingService::Live& s, const SessionEvent& e);

/// True if two finding lists say the same (slug, key, severity, message, epochs, anchor).
bool sameFindings(const std::vector<StoredFinding>& a, const std::vector<DynamicFinding>& b);

}  // namespace mlide::training
