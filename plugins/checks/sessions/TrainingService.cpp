#include "plugins/checks/sessions/TrainingService.hpp"

#include <future>

#include "core/support/Logging.hpp"
#include "plugins/checks/sessions/TrainingServiceJob.hpp"

namespace mlide::training {

const char* sessionChangeKindName(SessionChangeKind k) {
  switch (k) {
    case SessionChangeKind::Created: return "created";
    case SessionChangeKind::Updated: return "updated";
    case SessionChangeKind::Finished: return "finished";
  }
  return "updated";
}

Expected<std::unique_ptr<TrainingService>> TrainingService::start(Options options, TrainingObserver* observer) {
  if (options.databasePath.empty() || options.databasePath == ":memory:") {
    return makeError(ErrorCode::InvalidArgument, "the training service needs a database file, not memory");
  }
  auto writer = SessionStore::open(options.databasePath);
  if (!writer) return writer.takeError();
  auto reader = SessionStore::open(options.databasePath);
  if (!reader) return reader.takeError();
  (*writer)->setInterruptedAfter(0);  // it appends to running sessions: they stay running there
  (*reader)->setInterruptedAfter(options.interruptedAfter);
  std::unique_ptr<TrainingService> s(
      new TrainingService(std::move(options), observer, std::move(*writer), std::move(*reader)));
  s->writer_ = std::thread([p = s.get()] { p->writerLoop(); });
  return s;
}

TrainingService::TrainingService(Options options, TrainingObserver* observer,
                                 std::unique_ptr<SessionStore> writer, std::unique_ptr<SessionStore> reader)
    : options_(std::move(options)),
      observer_(observer),
      config_(options_.config),
      store_(std::move(writer)),
      reader_(std::move(reader)) {}

TrainingService::~TrainingService() { stop(); }

void TrainingService::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && !writer_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable() && writer_.get_id() != std::this_thread::get_id()) writer_.join();
}

void TrainingService::post(Job job) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(job));
      lock.unlock();
      wake_.notify_one();
      return;
    }
  }
  const Error e = makeError(ErrorCode::Cancelled, "the training service is stopping");
  if (job.created) job.created(e);
  if (job.appended) job.appended(e);
  if (job.flushed) job.flushed();
}

void TrainingService::createSession(SessionStart start, Callback<SessionSummary> done) {
  Job j;
  j.kind = Job::Kind::Create;
  j.start = std::move(start);
  j.created = std::move(done);
  post(std::move(j));
}

void TrainingService::appendEvents(std::int64_t session, std::vector<SessionEvent> events,
                                   Callback<IngestResult> done) {
  Job j;
  j.kind = Job::Kind::Append;
  j.session = session;
  j.events = std::move(events);
  j.appended = std::move(done);
  post(std::move(j));
}

void TrainingService::republishLatest() {
  Job j;
  j.kind = Job::Kind::Republish;
  post(std::move(j));
}

void TrainingService::flush() {
  auto promise = std::make_shared<std::promise<void>>();
  auto future = promise->get_future();
  Job j;
  j.kind = Job::Kind::Flush;
  j.flushed = [promise] { promise->set_value(); };
  post(std::move(j));
  future.wait();
}

void TrainingService::setConfig(DynamicConfig config) {
  std::lock_guard<std::mutex> lock(mutex_);
  config_ = std::move(config);
}

void TrainingService::writerLoop() {
  for (;;) {
    std::vector<Job> batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything is done
      while (!queue_.empty() && batch.size() < options_.maxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    try {
      processBatch(batch);
    } catch (const std::exception& e) {  // a bug; keep serving
      log::error(std::string("training: batch failed: ") + e.what());
      live_.clear();
      for (Job& j : batch) {
        const Error err = makeError(ErrorCode::Internal, e.what());
        if (j.created) j.created(err);
        if (j.appended) j.appended(err);
        if (j.flushed) j.flushed();
      }
    }
  }
}

Expected<std::vector<SessionSummary>> TrainingService::listSessions() {
  std::lock_guard<std::mutex> lock(readMutex_);
  return reader_->listSessions();
}

Expected<SessionDetail> TrainingService::session(std::int64_t id) {
  std::lock_guard<std::mutex> lock(readMutex_);
  return reader_->loadSession(id);
}

}  // namespace mlide::training
