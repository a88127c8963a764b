// The daemon's side of training sessions: owns the TrainingService (on the workspace database)
// and the loopback listener, turns findings into external diagnostics ("training" source,
// merged with the static ones by the server) and session changes into mlide/sessionChanged,
// and answers the mlide/training/* requests.
//
// Thread-safety: start/stop on one thread (the server's); the request methods from any thread;
// observer callbacks arrive on the service's writer thread and only call ServerHooks (which is
// thread-safe).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/support/Expected.hpp"
#include "plugins/checks/sessions/TrainingService.hpp"

namespace mlide::listener {
class Listener;
}

namespace mlide::server {

class ServerHooks;

class TrainingBridge final : public training::TrainingObserver {
 public:
  explicit TrainingBridge(ServerHooks& hooks);
  ~TrainingBridge() override;
  TrainingBridge(const TrainingBridge&) = delete;
  TrainingBridge& operator=(const TrainingBridge&) = delete;

  /// Opens the workspace database and republishes the newest run of each script; then, if the
  /// setting "training.listener" is not false, starts the listener (setting "training.port",
  /// else the port of the previous discovery file, else any) and writes the token and
  /// discovery files under <workspace>/.mlide. A listener failure is logged and leaves the
  /// requests working.
  Status start();
  /// Stops the listener, then the service; removes the discovery file. Idempotent.
  void stop();

  /// New settings: the service checks with the thresholds they give (together with the
  /// workspace's pyproject.toml, see DynamicConfig::resolve) from its next batch on.
  void configure(const Settings& settings);

  /// The keys start() reads besides the thresholds: "training.listener", "training.port".
  static std::vector<SettingSpec> listenerSettingKeys();

  /// "" when the listener is not running.
  std::string endpoint() const { return endpoint_; }
  std::string tokenFile() const { return tokenFile_; }

  Expected<nlohmann::json> listSessions();
  Expected<nlohmann::json> session(std::int64_t id);

  // training::TrainingObserver
  void publishDiagnostics(const std::string& path, std::vector<Diag> diags,
                          std::shared_ptr<const std::string> text) override;
  void sessionChanged(const training::SessionSummary& summary, training::SessionChangeKind kind) override;

 private:
  /// The thresholds for `settings` and the pyproject.toml found from the workspace folder up;
  /// problems are logged, and a malformed pyproject.toml leaves the settings alone in force.
  training::DynamicConfig resolveConfig(const Settings& settings) const;

  ServerHooks& hooks_;
  std::unique_ptr<training::TrainingService> service_;
  std::unique_ptr<listener::Listener> listener_;
  std::string endpoint_;
  std::string tokenFile_;
  std::string discoveryDir_;
};

}  // namespace mlide::server
