// The open documents, their parse trees and their latest analysis results.
// Thread-safety: all access goes through the store's mutex (withDoc / snapshot / commit).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "core/python/SyntaxTree.hpp"
#include "core/text/Document.hpp"

namespace mlide::server {

/// What a lint needs, copied out of the store so analysis runs without the lock.
struct DocSnapshot {
  std::string uri;
  std::int64_t version = 0;
  std::shared_ptr<const std::string> text;
  std::shared_ptr<const py::SyntaxTree> previousTree;  // may be null
  std::vector<AppliedEdit> editsSincePreviousTree;
};

/// The latest published analysis of a document: its diagnostics and the exact text their
/// byte offsets refer to.
struct LintResult {
  std::int64_t version = -1;
  std::shared_ptr<const std::string> text;
  std::shared_ptr<const LineIndex> lines;
  std::vector<Diag> diags;
};

struct DocState {
  explicit DocState(Document d) : doc(std::move(d)) {}
  Document doc;
  std::shared_ptr<const py::SyntaxTree> tree;  // parsed from text of version treeVersion
  std::int64_t treeVersion = -1;
  std::vector<std::pair<std::int64_t, AppliedEdit>> pendingEdits;  // edits after treeVersion
  LintResult lint;
  bool desynced = false;    // an edit was rejected; analysis paused until a full sync
  bool warnedSkip = false;  // told the user once that the document is not analysed
};

class DocumentStore {
 public:
  /// Adds or replaces a document.
  void open(Document doc);
  bool close(const std::string& uri);
  bool contains(const std::string& uri) const;
  std::size_t size() const;
  std::vector<std::string> uris() const;

  /// Runs `fn` on the document under the lock; returns false if it is not open.
  bool withDoc(const std::string& uri, const std::function<void(DocState&)>& fn);
  bool withDoc(const std::string& uri, const std::function<void(const DocState&)>& fn) const;

  std::optional<DocSnapshot> snapshot(const std::string& uri) const;
  /// Stores a tree parsed from `version` if it is newer than the one held, and forgets the edits
  /// it already includes.
  void storeTree(const std::string& uri, std::int64_t version, std::shared_ptr<const py::SyntaxTree> tree);
  /// Stores a lint result if `version` is still the document's version. Returns whether stored.
  bool storeLint(const std::string& uri, LintResult result);

  /// The open document whose file URI decodes to `path`, if any.
  std::optional<std::string> uriForPath(const std::string& path) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<DocState>> docs_;  // guarded by mutex_
};

}  // namespace mlide::server
