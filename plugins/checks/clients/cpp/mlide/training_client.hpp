// mlide training client for C++ (header-only): streams a training run to the mlide daemon,
// which runs the dynamic checks (nan-loss, input-not-normalized, overfitting, lr-out-of-range,
// ...), stores the run and shows the findings in the editor.
//
// This header is the framework-free core: C++17 standard library and POSIX sockets only. For
// libtorch loops include "mlide/torch_client.hpp" instead, which adds mlide::TrainingRun (model,
// optimizer, learning rate and input statistics read from libtorch) on top of this core.
//
//   mlide::client::SessionOptions o;
//   o.name = "mnist";
//   o.model.framework = "libtorch";
//   mlide::client::Session s(std::move(o));
//   for (int epoch = 0; epoch < 10; ++epoch) {
//     ...train...
//     s.log_epoch(epoch, {{"loss", loss}, {"val_loss", val_loss}}, lr);
//   }
//   s.finish();
//
// How it works. Every event (an epoch, input statistics, gradient norms, a warning, the final
// status) gets the next sequence number and is queued in memory; log_*() return at once and
// never touch the network. One background thread announces the session (POST /v1/sessions,
// after the first epoch so that the training loop's line is known) and sends the queue in
// batches (POST /v1/sessions/{id}/events). An event leaves the queue only when the daemon
// acknowledges it, which it does after committing it. While the daemon is away (not started
// yet, restarting, killed) events stay queued and the thread retries with backoff (50 ms
// doubling to 1 s); on reconnecting it announces the session again, the daemon answers with
// the last sequence number it has, and the rest is resent. The daemon skips sequence numbers it
// already committed, so retries never duplicate. NaN and infinities travel as "nan", "inf",
// "-inf". When no listener is configured at all, one line on stderr says so and the run goes on.
//
// Where the listener is: SessionOptions::endpoint/token_file, else the environment the editor
// sets (MLIDE_TRAINING_ENDPOINT, MLIDE_TRAINING_TOKEN_FILE), else the nearest
// .mlide/listener.json above the search dirs or the working directory (see transport.hpp).
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "json.hpp"
#include "transport.hpp"

namespace mlide::client {

/// The wire protocol version this client speaks (the listener's "protocol").
inline constexpr int kProtocol = 1;

/// What the daemon learns about the run when the session is announced ("model" of POST
/// /v1/sessions). The daemon resolves findings to source lines with it: `script` and
/// `attach_line` are where the run was attached, `log_line` where epochs are logged. Empty
/// strings and zeros are not sent.
struct ModelInfo {
  std::string framework;      // "libtorch", "custom", ...
  std::string script;         // absolute path of the source file that started the run
  int attach_line = 0;        // 1-based
  int log_line = 0;           // 1-based line of the first log_epoch() call
  std::string model_class;    // e.g. "Net"
  std::string model_file;     // where the model class is defined, when known
  int model_line = 0;
  std::string optimizer_class;       // "SGD", "Adam", ...
  std::optional<double> initial_lr;  // the optimizer's learning rate at attach time
  std::string scheduler_class;       // "StepLR", ...
  std::string loss_class;            // "CrossEntropyLoss", "MSELoss", ...
  std::string first_conv_name;       // the first convolution (for the image-layout check)
  int first_conv_in_channels = 0;
  bool channels_last = false;
  int num_classes = 0;     // for accuracy-at-chance
  int planned_epochs = 0;  // 0: unknown
};

/// Statistics of one input batch ("input" event), for input-not-normalized, nan-in-input and
/// image-layout. min/max/mean/std are over the finite elements; `has_range` is false when
/// there were none (then they are not sent). `dtype` uses PyTorch's names ("float32", "uint8").
struct InputStats {
  int epoch = 0;
  int batch = 0;
  bool has_range = false;
  double min = 0, max = 0, mean = 0, std = 0;
  std::string dtype;
  std::vector<std::int64_t> shape;
  std::int64_t nan_count = 0;
  std::int64_t inf_count = 0;
  bool integral = false;  // every finite element is a whole number (raw pixel values)
};

/// One parameter tensor's gradient norms over an epoch ("gradients" event, gradient-health).
struct LayerGradient {
  std::string layer;  // the parameter's name, e.g. "fc1.weight"
  double mean_norm = 0, max_norm = 0, min_norm = 0;
  double zero_fraction = 0;  // mean fraction of exactly-zero gradient elements per step
  std::int64_t steps = 0;
};

/// Metric name and value pairs, in the order given: {{"loss", 0.31}, {"val_loss", 0.35}}.
/// Names with "loss" in them are losses to the checks; "acc"/"accuracy" ones are accuracies.
using Metrics = std::vector<std::pair<std::string, double>>;

struct SessionOptions {
  /// The run's name in the sessions list (the daemon adds a counter when it collides).
  std::string name;
  ModelInfo model;
  /// Explicit listener; both empty: discovered (see the top of this file).
  std::string endpoint;
  std::string token_file;
  /// Folders whose .mlide/listener.json (or a parent's) is tried before the working directory's.
  std::vector<std::string> search_dirs;
  /// Events kept while the daemon is away; beyond that the oldest are dropped (and counted).
  std::size_t max_buffered = 100000;
  /// Limit for one HTTP request, connect to reply.
  std::chrono::milliseconds request_timeout{30000};
  /// false: no messages at all.
  bool verbose = true;
  /// Where messages go (each kind once per session); default: "mlide: <text>" on stderr.
  /// Called from the sender thread or the logging thread; must not call back into the Session.
  std::function<void(const std::string&)> on_message;
};

/// One training run as the daemon sees it.
///
/// Thread-safety: every method may be called from any thread. log_*() take a mutex for a
/// moment and never block on the network; flush() and finish() wait, bounded by their timeout.
/// Lifetime: the destructor finishes the run if finish() was not called (status "failed" when
/// an exception is unwinding through it, else "finished"; waiting up to 30 s for the daemon)
/// and joins the sender thread.
class Session {
 public:
  explicit Session(SessionOptions options) : options_(std::move(options)), uncaught_(std::uncaught_exceptions()) {
    options_.name = wire::truncate_utf8(options_.name, kMaxName);  // the daemon refuses longer names
    client_id_ = random_id();
    started_at_ = wall_time();
    int fds[2];
#ifdef __linux__
    const bool piped = ::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0;
#else
    const bool piped = ::pipe(fds) == 0;
    for (int fd : fds) {
      if (!piped) break;
      ::fcntl(fd, F_SETFD, FD_CLOEXEC);
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
#endif
    if (piped) {
      wake_read_ = fds[0];
      wake_write_ = fds[1];
    }
    // Discovery once up front, so that "no listener" is said before training starts.
    if (!find_listener(options_.search_dirs, options_.endpoint, options_.token_file)) say_no_listener();
    else listener_found_ = true;
    try {
      thread_ = std::thread([this] { run(); });
    } catch (const std::exception& e) {  // no thread: the run goes on, unreported
      sender_running_ = false;
      say("thread", std::string("cannot start the sender thread (") + e.what() + "); this run is not reported");
    }
  }

  ~Session() {
    finish(std::uncaught_exceptions() > uncaught_ ? "failed" : "finished",
           std::uncaught_exceptions() > uncaught_ ? "an exception ended the training run" : "");
    stop_sender();
    if (wake_read_ >= 0) ::close(wake_read_);
    if (wake_write_ >= 0) ::close(wake_write_);
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// Records one finished epoch. `lr`: the learning rate used in it (nullopt: not sent).
  /// Returns the event's sequence number, 0 after finish().
  std::int64_t log_epoch(int epoch, const Metrics& metrics, std::optional<double> lr = std::nullopt) {
    wire::JsonWriter w;
    w.begin_object().key("type").value("epoch").key("epoch").value(epoch).key("metrics").begin_object();
    for (const auto& [name, value] : metrics) w.key(name).value(value);
    w.end_object().key("wallTime").value(wall_time());
    if (lr) w.key("lr").value(*lr);
    w.end_object();
    return add(w.take(), /*ready=*/true);
  }

  std::int64_t log_input(const InputStats& s) {
    wire::JsonWriter w;
    w.begin_object().key("type").value("input").key("epoch").value(s.epoch).key("batch").value(s.batch);
    if (s.has_range) w.key("min").value(s.min).key("max").value(s.max).key("mean").value(s.mean).key("std").value(s.std);
    w.key("dtype").value(s.dtype).key("shape").begin_array();
    for (std::int64_t d : s.shape) w.value(d);
    w.end_array().key("nanCount").value(s.nan_count).key("infCount").value(s.inf_count);
    w.key("integral").value(s.integral).end_object();
    return add(w.take(), false);
  }

  std::int64_t log_gradients(int epoch, const std::vector<LayerGradient>& layers) {
    wire::JsonWriter w;
    w.begin_object().key("type").value("gradients").key("epoch").value(epoch).key("layers").begin_array();
    for (const LayerGradient& l : layers) {
      w.begin_object().key("layer").value(l.layer).key("meanNorm").value(l.mean_norm);
      w.key("maxNorm").value(l.max_norm).key("minNorm").value(l.min_norm);
      w.key("zeroFraction").value(l.zero_fraction).key("steps").value(l.steps).end_object();
    }
    w.end_array().end_object();
    return add(w.take(), false);
  }

  /// A framework warning, with the user's line that caused it. `epoch` -1: before training.
  std::int64_t log_warning(int epoch, const std::string& category, const std::string& message,
                           const std::string& file = {}, int line = 0) {
    wire::JsonWriter w;
    w.begin_object().key("type").value("warning").key("epoch").value(epoch).key("category").value(category);
    w.key("message").value(wire::truncate_utf8(message, kMaxText)).key("file").value(file);
    w.key("line").value(line).end_object();
    return add(w.take(), false);
  }

  /// Sets ModelInfo::log_line unless the session was already announced (it is announced with
  /// the first epoch, so a call before the first log_epoch() always counts).
  void set_log_line(int line) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!announced_ && options_.model.log_line == 0) options_.model.log_line = line;
  }

  /// Waits until every event logged so far is acknowledged; false on timeout. Returns false at
  /// once when no listener is configured anywhere (nobody to wait for).
  bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock<std::mutex> lock(mutex_);
    const std::int64_t target = seq_;
    ready_ = true;
    cv_.notify_all();
    if (acked_ >= target) return true;
    if (!listener_found_) {
      lock.unlock();
      const bool found = find_listener(options_.search_dirs, options_.endpoint, options_.token_file).has_value();
      lock.lock();
      if (!found) return acked_ >= target;
      listener_found_ = true;
    }
    return cv_.wait_until(lock, deadline, [&] { return acked_ >= target || !sender_running_; }) && acked_ >= target;
  }

  /// Ends the run: queues the final status ("finished" or "failed", with a message), waits up to
  /// `timeout` until the daemon acknowledged everything, and stops the sender thread. Returns
  /// whether everything was delivered (a message says how many events were not). Idempotent;
  /// later log_*() calls are ignored.
  bool finish(const std::string& status = "finished", const std::string& message = "",
              std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (finished_) return finish_result_;
    }
    wire::JsonWriter w;
    w.begin_object().key("type").value("status").key("status").value(status);
    w.key("message").value(wire::truncate_utf8(message, kMaxText)).end_object();
    add(w.take(), true);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_ = true;
    }
    const bool ok = flush(timeout);
    stop_sender();
    std::size_t left = 0;
    bool found = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      finish_result_ = ok;
      left = pending_.size();
      found = listener_found_;
    }
    if (!ok && left > 0 && found) {  // without a listener that was said once already
      say("undelivered", std::to_string(left) + " event(s) of run '" + options_.name +
                             "' were not delivered to the training listener" +
                             (last_error().empty() ? std::string() : " (" + last_error() + ")"));
    }
    return ok;
  }

  /// Every event up to this sequence number is committed by the daemon.
  std::int64_t acked_seq() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return acked_;
  }
  /// The last sequence number handed out.
  std::int64_t last_seq() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return seq_;
  }
  /// Events queued and not yet acknowledged.
  std::size_t pending() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return pending_.size();
  }
  /// Events dropped because more than max_buffered were waiting.
  std::size_t dropped() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return dropped_;
  }
  /// The daemon's id of this session (0 until announced) and its name there ("mnist_2").
  std::int64_t session_id() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return session_id_;
  }
  std::string session_name() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return session_name_;
  }
  /// Why the last attempt to reach the daemon failed; empty after a success.
  std::string last_error() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_error_;
  }
  const std::string& client_id() const { return client_id_; }

 private:
  static constexpr std::size_t kMaxEventsPerRequest = 500;
  static constexpr std::size_t kMaxBytesPerRequest = 4u << 20;  // the daemon's default limit is 8 MiB
  static constexpr std::size_t kMaxText = 64 * 1024;             // warning and status messages
  static constexpr std::size_t kMaxName = 200;                   // bytes, as the daemon counts

  static double wall_time() {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
  }

  static std::string random_id() {
    std::random_device rd;
    std::seed_seq seed{rd(), rd(), rd(), rd(), static_cast<unsigned>(::getpid()),
                       static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count())};
    std::mt19937_64 gen(seed);
    static const char* kHex = "0123456789abcdef";
    std::string id;
    for (int i = 0; i < 2; ++i) {
      const std::uint64_t v = gen();
      for (int k = 0; k < 16; ++k) id += kHex[(v >> (4 * k)) & 15];
    }
    return id;
  }

  // Queues an encoded event ({"type": ...}); `ready` lets the sender start (an epoch or the
  // final status: by then the training loop's line is known).
  std::int64_t add(std::string body, bool ready) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (finished_ || given_up_) return 0;
    ++seq_;
    std::string event = "{\"seq\":";
    wire::append_integer(event, seq_);
    event += ',';
    event.append(body, 1, std::string::npos);
    if (pending_.size() >= options_.max_buffered && !pending_.empty()) {
      pending_.pop_front();  // the daemon has been away too long: drop the oldest
      ++dropped_;
    }
    pending_.emplace_back(seq_, std::move(event));
    if (ready) ready_ = true;
    cv_.notify_all();
    return seq_;
  }

  void say(const std::string& key, const std::string& text) {
    {
      std::lock_guard<std::mutex> lock(say_mutex_);
      if (!options_.verbose || !warned_.insert(key).second) return;
    }
    if (options_.on_message) {
      options_.on_message(text);
    } else {
      std::fprintf(stderr, "mlide: %s\n", text.c_str());
      std::fflush(stderr);
    }
  }

  void say_no_listener() {
    say("no-listener",
        "no training listener found, so this run is not reported to mlide (training goes on). Start `mlide "
        "listen` in the workspace or open it in VS Code with the mlide extension, or set "
        "MLIDE_TRAINING_ENDPOINT and MLIDE_TRAINING_TOKEN_FILE.");
  }

  void set_error(const std::string& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    last_error_ = e;
  }

  void ack(std::int64_t seq) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (seq > acked_) acked_ = std::min(seq, seq_);
    while (!pending_.empty() && pending_.front().first <= acked_) pending_.pop_front();
    if (acked_ < seq_ && pending_.empty()) acked_ = seq_;  // dropped while away: nothing more comes
    last_error_.clear();
    cv_.notify_all();
  }

  void stop_sender() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
      cv_.notify_all();
    }
    if (wake_write_ >= 0) {
      const char c = 1;
      [[maybe_unused]] const ssize_t n = ::write(wake_write_, &c, 1);
    }
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  }

  // -- the sender thread ----------------------------------------------------------------------

  // A fresh connection to the listener; false (with a message) when there is none.
  bool connect() {
    http_.reset();
    const auto where = find_listener(options_.search_dirs, options_.endpoint, options_.token_file);
    if (!where) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        listener_found_ = false;
        last_error_ = "no training listener found";
      }
      say_no_listener();
      return false;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      listener_found_ = true;
    }
    const auto ep = parse_endpoint(where->endpoint);
    if (!ep) {
      set_error("bad endpoint '" + where->endpoint + "' (from " + where->source + ")");
      say("endpoint", "cannot use the training listener endpoint '" + where->endpoint + "' from " + where->source +
                          ": expected http://127.0.0.1:PORT");
      return false;
    }
    std::string error;
    auto token = read_token(where->token_file, error);
    if (!token) {
      set_error(error);
      say("token", error + " (from " + where->source + ")");
      return false;
    }
    http_ = std::make_unique<HttpConnection>(*ep, *token, wake_read_);
    return true;
  }

  struct Reply {
    int status = 0;  // 0: no reply (unreachable, timed out, cancelled)
    std::optional<wire::FlatJson> json;
    std::string code;   // error.code of a refusal
    std::string error;  // what went wrong, for messages
  };

  Reply post(const std::string& path, const std::string& body) {
    Reply r;
    HttpResult h = http_->request("POST", path, body, options_.request_timeout);
    if (!h.response) {
      r.error = h.error;
      return r;
    }
    r.status = h.response->status;
    r.json = wire::FlatJson::parse(h.response->body);
    if (r.status != 200) {
      r.code = r.json ? r.json->string("error.code").value_or("error") : "error";
      const std::string msg = r.json ? r.json->string("error.message").value_or("") : h.response->body.substr(0, 200);
      r.error = "HTTP " + std::to_string(r.status) + " " + r.code + (msg.empty() ? "" : ": " + msg);
    } else if (!r.json) {
      r.status = 0;
      r.error = "the listener's reply is not JSON";
    }
    return r;
  }

  // POST /v1/sessions; on success the daemon's last sequence number for this client is acked.
  Reply announce() {
    std::string body;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      announced_ = true;
      const ModelInfo& m = options_.model;
      wire::JsonWriter w;
      w.begin_object().key("name").value(options_.name).key("clientId").value(client_id_);
      w.key("startedAt").value(started_at_).key("model").begin_object();
      auto text = [&](const char* k, const std::string& v) {
        if (!v.empty()) w.key(k).value(v);
      };
      auto whole = [&](const char* k, int v) {
        if (v != 0) w.key(k).value(v);
      };
      text("framework", m.framework);
      text("script", m.script);
      whole("attachLine", m.attach_line);
      whole("logLine", m.log_line);
      text("modelClass", m.model_class);
      text("modelFile", m.model_file);
      whole("modelLine", m.model_line);
      text("optimizerClass", m.optimizer_class);
      if (m.initial_lr) w.key("initialLr").value(*m.initial_lr);
      text("schedulerClass", m.scheduler_class);
      text("lossClass", m.loss_class);
      text("firstConvName", m.first_conv_name);
      whole("firstConvInChannels", m.first_conv_in_channels);
      if (m.channels_last) w.key("channelsLast").value(true);
      whole("numClasses", m.num_classes);
      whole("plannedEpochs", m.planned_epochs);
      w.end_object().end_object();
      body = w.take();
    }
    Reply r = post("/v1/sessions", body);
    if (r.status != 200) return r;
    const auto id = r.json->integer("session");
    if (!id || *id <= 0) {
      r.status = 0;
      r.error = "the listener's reply has no session id";
      return r;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      session_id_ = *id;
      session_name_ = r.json->string("name").value_or(options_.name);
    }
    ack(r.json->integer("lastSeq").value_or(0));  // a re-announced session tells what it has
    return r;
  }

  void run() {
    using namespace std::chrono_literals;
    std::chrono::milliseconds backoff = 50ms;
    std::size_t max_events = kMaxEventsPerRequest;
    for (;;) {
      std::string body;
      std::int64_t last_in_batch = 0;
      std::size_t in_batch = 0;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return stop_ || (ready_ && !pending_.empty()); });
        if (stop_) break;
        body = "{\"events\":[";
        for (const auto& [seq, event] : pending_) {
          if (in_batch > 0 && (in_batch >= max_events || body.size() + event.size() > kMaxBytesPerRequest)) break;
          if (in_batch > 0) body += ',';
          body += event;
          last_in_batch = seq;
          ++in_batch;
        }
        body += "]}";
      }
      Reply r;
      bool retry_now = false;
      if (!http_ && !connect()) {
        r.error = last_error();
      } else if (session_id() == 0) {
        r = announce();
        retry_now = r.status == 200;  // rebuild the batch: the daemon may already have some of it
        if (r.status == 400) {
          // The daemon will never take this session: stop collecting rather than retry forever.
          say("rejected", "the training listener refused to open the session (" + r.error + "); this run is not reported");
          std::lock_guard<std::mutex> lock(mutex_);
          given_up_ = true;
          pending_.clear();
          acked_ = seq_;
          cv_.notify_all();
          continue;
        }
      } else {
        r = post("/v1/sessions/" + std::to_string(session_id()) + "/events", body);
        if (r.status == 200) {
          ack(r.json->integer("ackedSeq").value_or(0));
          retry_now = true;
        }
      }
      if (r.status == 200) {
        backoff = 50ms;
      } else if (r.status == 0 && http_) {
        // Unreachable: re-announce once back (a restarted daemon returns the same session).
        set_error(r.error);
        if (r.error != "cancelled") say("down", "training listener unreachable (" + r.error + "); buffering and retrying");
        http_.reset();
        std::lock_guard<std::mutex> lock(mutex_);
        session_id_ = 0;
      } else if (r.status == 404 && r.code == "unknown-session") {
        std::lock_guard<std::mutex> lock(mutex_);
        session_id_ = 0;  // another database now: announce again
        retry_now = true;
      } else if (r.status == 401 || r.status == 403) {
        set_error(r.error);
        say("auth", "the training listener refused the token (" + r.error + "); re-reading it and retrying");
        http_.reset();
      } else if (r.status == 413 && in_batch > 1) {
        max_events = std::max<std::size_t>(1, in_batch / 2);  // smaller requests
        retry_now = true;
      } else if (r.status == 400 || r.status == 413) {
        // What we sent is wrong (a bug, or one event beyond the size limit): drop it rather than
        // retrying forever.
        say("rejected", "the training listener rejected events (" + r.error + "); they are dropped");
        ack(last_in_batch);
        retry_now = true;
      } else if (r.status != 0) {
        set_error(r.error);  // 5xx: the daemon is stopping or failed; try again later
        http_.reset();
      }
      if (retry_now) continue;
      std::unique_lock<std::mutex> lock(mutex_);
      if (cv_.wait_for(lock, backoff, [&] { return stop_; })) break;
      backoff = std::min<std::chrono::milliseconds>(backoff * 2, 1s);
    }
    http_.reset();
    std::lock_guard<std::mutex> lock(mutex_);
    sender_running_ = false;
    cv_.notify_all();
  }

  SessionOptions options_;  // model.log_line guarded by mutex_ until announced
  const int uncaught_;
  std::string client_id_;
  double started_at_ = 0;
  int wake_read_ = -1, wake_write_ = -1;  // a pipe that interrupts the sender's socket waits

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::pair<std::int64_t, std::string>> pending_;  // guarded by mutex_: not yet acked
  std::int64_t seq_ = 0;                                      // guarded by mutex_
  std::int64_t acked_ = 0;                                    // guarded by mutex_
  std::size_t dropped_ = 0;                                   // guarded by mutex_
  bool ready_ = false;           // guarded by mutex_: the sender may start
  bool announced_ = false;       // guarded by mutex_
  bool finished_ = false;        // guarded by mutex_
  bool given_up_ = false;        // guarded by mutex_: the daemon refused the session
  bool finish_result_ = false;   // guarded by mutex_
  bool stop_ = false;            // guarded by mutex_
  bool sender_running_ = true;   // guarded by mutex_
  bool listener_found_ = false;  // guarded by mutex_ (after the constructor)
  std::int64_t session_id_ = 0;  // guarded by mutex_
  std::string session_name_;     // guarded by mutex_
  std::string last_error_;       // guarded by mutex_

  std::mutex say_mutex_;
  std::set<std::string> warned_;  // guarded by say_mutex_

  std::unique_ptr<HttpConnection> http_;  // sender thread only
  std::thread thread_;
};

}  // namespace mlide::client
