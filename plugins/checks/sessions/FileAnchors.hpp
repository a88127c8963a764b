// Back to the source: the constructs of one Python file that training findings point at (the
// optimizer and its learning rate, the scheduler, the layers, the data preparation, the
// training loop, fit(), the loss, backward()), found with the checks engine's semantic model,
// so `optim.Adam`, `torch.optim.Adam` and `from torch.optim import Adam` are one thing.
//
// Immutable after build(): thread-safe to share.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "core/python/SyntaxTree.hpp"
#include "plugins/checks/dynamic/DynamicCheck.hpp"

namespace mlide::checks::model {
class SemanticModel;
}

namespace mlide::training {

class FileAnchors {
 public:
  /// Parses `text`. Never fails: a file that does not parse, or is not Python (isPythonPath),
  /// has no anchors (only lines).
  static std::shared_ptr<const FileAnchors> build(std::string path, std::string text);
  /// False for C/C++/CUDA sources (the libtorch client's scripts); true otherwise.
  static bool isPythonPath(std::string_view path);
  ~FileAnchors();

  const std::string& path() const { return path_; }
  const std::string& text() const;
  /// The same text, shared (diagnostics keep the text their offsets refer to).
  std::shared_ptr<const std::string> sharedText() const;

  /// The range the diagnostic for anchor `a` should cover in this file, or nullopt when the
  /// construct is not in this file. Anchor::Explicit and Anchor::Script are resolved by line
  /// (lineRange), not here.
  std::optional<ByteRange> find(Anchor a, const ModelInfo& model, const DynamicFinding& f) const;

  /// The concrete edits this file allows for `f` (EarlyStopping into fit's callbacks, a learning
  /// rate literal, gradient clipping after backward(), scaling the input variable). Empty when
  /// no edit is certain enough to offer.
  std::vector<Fix> fixes(const DynamicFinding& f, const ModelInfo& model) const;

  /// The non-blank text of 1-based `line`; nullopt past the end.
  std::optional<ByteRange> lineRange(int line) const;

  /// 1-based line and 0-based byte column of `offset`.
  std::pair<int, int> lineColumn(std::size_t offset) const;

  FileAnchors(const FileAnchors&) = delete;
  FileAnchors& operator=(const FileAnchors&) = delete;

  struct Impl;  // FileAnchorsImpl.hpp, private to the FileAnchors*.cpp files

 private:
  FileAnchors() = default;
  std::string path_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mlide::training
