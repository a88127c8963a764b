// Typed values of training sessions as the store keeps them and the service hands them out.
// Value types, thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "plugins/checks/dynamic/DynamicCheck.hpp"
#include "plugins/checks/dynamic/RunHistory.hpp"

namespace mlide::training {

/// Interrupted is never stored: a Running session with no event for a while is reported so
/// (its client was killed, or lost the daemon for good); it reads as Running again when events
/// arrive.
enum class SessionStatus { Running, Finished, Failed, Imported, Interrupted };

const char* sessionStatusName(SessionStatus s);  // "running", ..., "imported", "interrupted"
std::optional<SessionStatus> parseSessionStatus(std::string_view name);

/// What a client sends to open a session.
struct SessionStart {
  std::string name;      // requested name; a taken name gets a counter ("run" -> "run_1")
  std::string clientId;  // the client's random run id: creating twice returns the same session
  ModelInfo model;
  double startedAt = 0;  // seconds since 1970; 0: now
};

/// One row of the sessions list.
struct SessionSummary {
  std::int64_t id = 0;
  std::string name;
  std::string script;
  std::string framework;
  double startedAt = 0;
  double updatedAt = 0;
  std::optional<double> endedAt;
  SessionStatus status = SessionStatus::Running;
  std::string statusMessage;  // the exception of a failed run, empty otherwise
  std::int64_t epochCount = 0;
  std::optional<int> lastEpoch;
  std::int64_t findingCount = 0;
  std::int64_t lastSeq = 0;  // the highest event sequence number committed
};

/// A source position in a file: 1-based line, byte column 0-based (what `file:line:col` shows
/// is column + 1). Line 0: not resolved.
struct SourceSpan {
  std::string path;
  int line = 0;
  int column = 0;
  int endLine = 0;
  int endColumn = 0;
};

/// A finding as stored: the dynamic finding, its code, and where it was shown in the source
/// when it last changed.
struct StoredFinding {
  DynamicFinding finding;
  std::string code;
  SourceSpan location;
};

struct SessionDetail {
  SessionSummary summary;
  RunHistory history;
  std::vector<StoredFinding> findings;
};

/// The client finished or failed the run.
struct StatusChange {
  SessionStatus status = SessionStatus::Finished;
  std::string message;
};

/// One event of a session, numbered by the client. Events with a sequence number at or below
/// the session's lastSeq were already committed and are skipped: retries are harmless.
struct SessionEvent {
  std::int64_t seq = 0;
  std::variant<EpochRecord, InputStats, EpochGradients, FrameworkWarning, StatusChange> payload;
};

}  // namespace mlide::training
