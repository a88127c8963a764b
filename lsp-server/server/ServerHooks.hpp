// What the language server offers to components that produce diagnostics or notifications
// outside the editing path (the training-session listener, long jobs). Implemented by the
// server; components receive a reference that outlives them.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diag/Diagnostic.hpp"
#include "core/engine/Settings.hpp"

namespace mlide::server {

class ServerHooks {
 public:
  virtual ~ServerHooks() = default;

  /// Replaces the diagnostics that `source` (e.g. "training") contributes to the file at
  /// `path` (absolute). Byte offsets (ranges, fix edits) refer to `text`, the file as the
  /// producer read it; null means the file on disk now. Each publish carries them onto the
  /// document's text of that moment, so edits made since move them along; one whose code was
  /// edited is not shown, and a fix is offered only while all the text it edits is unchanged.
  /// They are merged with the static findings; an empty vector clears this source's findings
  /// for the file.
  virtual void setExternalDiagnostics(const std::string& source, const std::string& path,
                                      std::vector<Diag> diags,
                                      std::shared_ptr<const std::string> text) = 0;

  /// Sends a server->client notification (e.g. "mlide/sessionChanged"). Dropped before
  /// `initialized` and after `shutdown`.
  virtual void sendNotification(const std::string& method, nlohmann::json params) = 0;

  /// Current settings (initializationOptions + didChangeConfiguration), flattened.
  virtual Settings settings() const = 0;

  /// The workspace folder (rootUri / first workspaceFolder); empty if none.
  virtual std::string workspaceRoot() const = 0;

  /// The workspace database path: setting "database.path", else <root>/.mlide/mlide.db, else
  /// $XDG_STATE_HOME/mlide/mlide.db.
  virtual std::string databasePath() const = 0;
};

}  // namespace mlide::server
