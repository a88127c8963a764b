// Training sessions in the workspace SQLite database (component "training", numbered
// migrations). Typed in, typed out. The store does not open transactions itself, except where
// noted: the caller groups writes (the service commits a batch of client events at once and
// acknowledges them only after the commit).
//
// Thread-safety: one SessionStore is one connection; use it from one thread at a time. Open a
// second store on the same file for reads from another thread (WAL lets them run beside the
// writer).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/store/Database.hpp"
#include "core/support/Expected.hpp"
#include "plugins/checks/sessions/SessionTypes.hpp"

namespace mlide::training {

/// How long a running session may go without an event before it is listed as interrupted.
inline constexpr double kDefaultInterruptedAfterSeconds = 30 * 60;

class SessionStore {
 public:
  /// Opens (creating) the database at `path` and applies the training migrations.
  static Expected<std::unique_ptr<SessionStore>> open(const std::string& path);
  /// The training schema, for tests and for other owners of a Database.
  static const std::vector<store::Migration>& migrations();

  ~SessionStore();
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  store::Database& db() { return *db_; }

  /// Creates a session, or returns the existing one with the same non-empty clientId. A name
  /// already taken gets the next free counter, like Umlaut: "run", "run_1", "run_2". An empty
  /// name becomes the script's file stem, else "unnamed_YYMMDD_HHMMSS".
  Expected<SessionSummary> createSession(const SessionStart& start);

  /// Upserts: a second record for the same epoch replaces the first (a client retry).
  Status putEpoch(std::int64_t session, const EpochRecord& record);
  Status putInput(std::int64_t session, const InputStats& stats);
  Status putGradients(std::int64_t session, const EpochGradients& grads);
  Status putWarning(std::int64_t session, std::int64_t seq, const FrameworkWarning& warning);
  Status setStatus(std::int64_t session, const StatusChange& change, double at);
  /// Records the highest committed event number and the time of the last event.
  Status setProgress(std::int64_t session, std::int64_t lastSeq, double at);

  /// Replaces the session's findings (with their epochs and locations).
  Status replaceFindings(std::int64_t session, const std::vector<StoredFinding>& findings);

  /// Running sessions without an event for longer than this many seconds are reported as
  /// Interrupted by listSessions, summary and loadSession; 0: never (the service's writer, which
  /// keeps appending to them).
  void setInterruptedAfter(double seconds) { interruptedAfter_ = seconds; }

  /// Newest first.
  Expected<std::vector<SessionSummary>> listSessions();
  Expected<std::optional<SessionSummary>> summary(std::int64_t session);
  /// NotFound for an unknown id.
  Expected<SessionDetail> loadSession(std::int64_t session);
  /// The newest session of each script (for republishing findings after a restart).
  Expected<std::vector<std::int64_t>> latestPerScript();

 private:
  explicit SessionStore(std::unique_ptr<store::Database> db);
  Expected<std::string> uniqueName(const std::string& requested);
  Expected<store::Statement*> cached(int slot, const char* sql);
  SessionSummary markInterrupted(SessionSummary s) const;

  std::unique_ptr<store::Database> db_;
  std::vector<std::optional<store::Statement>> statements_;  // prepared once, by slot
  double interruptedAfter_ = kDefaultInterruptedAfterSeconds;
};

/// Seconds since 1970, with sub-second precision.
double nowSeconds();

}  // namespace mlide::training
