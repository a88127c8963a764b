// Resolves the findings of one training run to source locations, quick fixes and diagnostics,
// with the static model of the script the client reported (and of the model's file, when the
// model class lives elsewhere). Falls back from the precise construct to a coarser one (the
// scheduler to the optimizer, a layer to the model, anything to the training loop and finally
// the attach() line) so that every finding lands on some line of the script.
//
// Not thread-safe: one resolver per session, used by the service's writer thread.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "plugins/checks/sessions/FileAnchors.hpp"
#include "plugins/checks/sessions/SessionTypes.hpp"

namespace mlide::training {

class SourceResolver {
 public:
  explicit SourceResolver(ModelInfo model) : model_(std::move(model)) {}

  struct Resolved {
    std::string path;
    ByteRange range;  // in `text`
    SourceSpan span;  // the same as line/column
    std::vector<Fix> fixes;  // edits of `text` too; none when the finding is in another file
    std::shared_ptr<const std::string> text;  // the file's text the offsets refer to
  };

  /// Where `f` belongs; nullopt when neither the script nor any reported file can be read.
  std::optional<Resolved> resolve(const DynamicFinding& f);

  /// Uses `text` for `path` instead of the file on disk (tests; unsaved editor buffers).
  void setText(const std::string& path, std::string text);

 private:
  struct Cached {
    std::shared_ptr<const FileAnchors> anchors;
    long long mtime = 0;
    long long size = -1;
    bool pinned = false;  // from setText: never re-read
  };
  const FileAnchors* file(const std::string& path);
  std::optional<Resolved> at(const FileAnchors& fa, ByteRange r, const DynamicFinding& f);

  ModelInfo model_;
  std::map<std::string, Cached> files_;
};

/// The LSP-bound diagnostic of a stored finding: code, slug, severity, and a message that names
/// the run and the epochs ("... (training run 'mnist_2', epochs 4-6)").
Diag makeTrainingDiag(const StoredFinding& finding, const SourceResolver::Resolved& where,
                      const std::string& sessionName);

}  // namespace mlide::training
