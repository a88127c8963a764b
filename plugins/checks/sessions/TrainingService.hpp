// The training-session service: stores client events, runs the dynamic checks, resolves the
// findings to source lines and tells the editor. Typed C++ only; the listener (lsp-server/)
// parses the wire format and calls this.
//
// Durability: every write goes through one writer thread that commits a batch of client
// requests in one SQLite transaction (group commit) and only then completes their callbacks.
// So a request that got its reply is on disk (WAL), and a request cut off mid-way (client
// disconnect, daemon killed) left nothing half-written. Event sequence numbers make client
// retries idempotent.
//
// Thread-safety: all public methods may be called from any thread. Callbacks and observer
// methods run on the writer thread; they must not block for long and must not call back into
// the service synchronously (post elsewhere instead).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/support/Expected.hpp"
#include "core/support/Function.hpp"
#include "plugins/checks/dynamic/DynamicCheck.hpp"
#include "plugins/checks/sessions/SessionStore.hpp"
#include "plugins/checks/sessions/SessionTypes.hpp"

namespace mlide::training {

enum class SessionChangeKind { Created, Updated, Finished };
const char* sessionChangeKindName(SessionChangeKind k);  // "created", "updated", "finished"

/// What the service reports to the editor. Called on the writer thread.
class TrainingObserver {
 public:
  virtual ~TrainingObserver() = default;
  /// Replaces the training diagnostics of the file at `path`; an empty vector clears them. The
  /// offsets (ranges, fix edits) refer to `text`, the file as the resolver read it (null when
  /// clearing); the editor's buffer may differ from it.
  virtual void publishDiagnostics(const std::string& path, std::vector<Diag> diags,
                                  std::shared_ptr<const std::string> text) = 0;
  /// A session was created, received events, or finished. At most once per session per batch.
  virtual void sessionChanged(const SessionSummary& summary, SessionChangeKind kind) = 0;
};

struct IngestResult {
  std::int64_t session = 0;
  std::int64_t ackedSeq = 0;  // every event up to here is committed
  int accepted = 0;           // new events stored by this request
  int duplicates = 0;         // events skipped because they were already committed
};

class TrainingService {
 public:
  struct Options {
    std::string databasePath;  // a file (the reader needs its own connection)
    DynamicConfig config;
    std::size_t maxBatch = 256;    // requests per transaction
    bool publishLastRuns = true;   // republishLatest() does something
    /// listSessions/session report running sessions silent this long (s) as interrupted; 0: never.
    double interruptedAfter = kDefaultInterruptedAfterSeconds;
  };

  /// Opens the database (migrating it) and starts the writer thread. `observer` may be null
  /// (CLI); it must outlive the service.
  static Expected<std::unique_ptr<TrainingService>> start(Options options, TrainingObserver* observer);
  ~TrainingService();
  TrainingService(const TrainingService&) = delete;
  TrainingService& operator=(const TrainingService&) = delete;

  /// Creates (or, for a known clientId, returns) a session. A new run of a script clears the
  /// diagnostics the previous run of that script published.
  void createSession(SessionStart start, Callback<SessionSummary> done);
  /// Stores events (in seq order; already-committed ones are skipped), runs the checks, and
  /// completes `done` after the commit. NotFound for an unknown session.
  void appendEvents(std::int64_t session, std::vector<SessionEvent> events, Callback<IngestResult> done);
  /// New thresholds, from the next batch on.
  void setConfig(DynamicConfig config);
  /// Publishes the findings of the newest session of every script (after a daemon restart).
  void republishLatest();
  /// Blocks until every request queued so far has been committed (tests, CLI).
  void flush();

  Expected<std::vector<SessionSummary>> listSessions();
  Expected<SessionDetail> session(std::int64_t id);

  /// Finishes queued work, stops the writer; idempotent. Later requests fail with Cancelled.
  void stop();

  struct Live;  // per-session state on the writer thread (TrainingServiceBatch.cpp)

 private:
  struct Job;
  TrainingService(Options options, TrainingObserver* observer, std::unique_ptr<SessionStore> writer,
                  std::unique_ptr<SessionStore> reader);
  void post(Job job);
  void writerLoop();
  void processBatch(std::vector<Job>& batch);
  Expected<Live*> live(std::int64_t id);
  void publish(Live& s);
  void clearPublished(std::int64_t session);
  void evictIdle();

  Options options_;
  TrainingObserver* observer_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;       // guarded by mutex_
  bool stopping_ = false;       // guarded by mutex_
  DynamicConfig config_;        // guarded by mutex_ (copied per batch)
  std::thread writer_;

  // Writer-thread state.
  std::unique_ptr<SessionStore> store_;
  std::map<std::int64_t, std::unique_ptr<Live>> live_;
  std::map<std::string, std::int64_t> scriptOwner_;            // script -> session shown
  std::map<std::int64_t, std::set<std::string>> published_;    // session -> paths with diags

  std::mutex readMutex_;
  std::unique_ptr<SessionStore> reader_;  // guarded by readMutex_
};

}  // namespace mlide::training
