// The plugin contract: what an engine (checks, embedding, attribution) offers the server and
// the CLI. Engines see typed C++ values only, never JSON.
//
// Thread-safety: lint() and documentation() may be called concurrently from worker threads for
// different documents; configure() is called from the server thread between lints and must
// publish its new settings atomically (e.g. swap a shared_ptr under a mutex).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "core/engine/Settings.hpp"
#include "core/python/Notebook.hpp"
#include "core/python/SyntaxTree.hpp"
#include "core/support/Cancellation.hpp"
#include "core/support/Expected.hpp"

namespace mlide {

/// One Python document to analyse: a .py file or the virtual document of a notebook.
struct SourceFile {
  std::string uri;
  std::string path;  // file-system path when the document has one (configuration lookup)
  std::int64_t version = 0;
  std::shared_ptr<const py::SyntaxTree> tree;      // never null
  std::shared_ptr<const py::Notebook> notebook;    // set for notebooks; tree is its virtual text
  const std::string& text() const { return tree->text(); }
};

/// What a finding code means, for `mlide rule`, hover and the rule-documentation request.
struct CodeInfo {
  std::string code;      // "ML201"
  std::string rule;      // slug, "missing-softmax"
  std::string title;     // one line
  std::string markdown;  // the full documentation
};

class Engine {
 public:
  virtual ~Engine() = default;

  /// Short stable name ("checks"), also the prefix of its settings keys.
  virtual std::string_view name() const = 0;

  /// New settings from the editor (initializationOptions, didChangeConfiguration) or the CLI.
  /// `workspaceRoot` may be empty.
  virtual void configure(const Settings& settings, const std::string& workspaceRoot) {
    (void)settings;
    (void)workspaceRoot;
  }

  /// Findings for one document, in byte offsets of file.text(). Must poll `cancel` and return
  /// ErrorCode::Cancelled when it is set. Must not throw.
  virtual Expected<std::vector<Diag>> lint(const SourceFile& file, const CancellationToken& cancel) = 0;

  /// Markdown explaining a finding code this engine emits (hover, `mlide rule`).
  virtual std::optional<std::string> documentation(std::string_view code) const {
    (void)code;
    return std::nullopt;
  }

  /// Looks up a code or slug this engine emits.
  virtual std::optional<CodeInfo> describe(std::string_view codeOrSlug) const {
    (void)codeOrSlug;
    return std::nullopt;
  }

  /// Stops background work; idempotent.
  virtual void stop() {}
};

}  // namespace mlide
