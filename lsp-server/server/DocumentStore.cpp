#include "lsp-server/server/DocumentStore.hpp"

#include "core/support/Uri.hpp"

namespace mlide::server {

void DocumentStore::open(Document doc) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string uri = doc.uri();
  docs_[uri] = std::make_unique<DocState>(std::move(doc));
}

bool DocumentStore::close(const std::string& uri) {
  std::lock_guard<std::mutex> lock(mutex_);
  return docs_.erase(uri) > 0;
}

bool DocumentStore::contains(const std::string& uri) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return docs_.count(uri) > 0;
}

std::size_t DocumentStore::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return docs_.size();
}

std::vector<std::string> DocumentStore::uris() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [uri, _] : docs_) out.push_back(uri);
  return out;
}

bool DocumentStore::withDoc(const std::string& uri, const std::function<void(DocState&)>& fn) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = docs_.find(uri);
  if (it == docs_.end()) return false;
  fn(*it->second);
  return true;
}

bool DocumentStore::withDoc(const std::string& uri, const std::function<void(const DocState&)>& fn) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = docs_.find(uri);
  if (it == docs_.end()) return false;
  fn(*it->second);
  return true;
}

std::optional<DocSnapshot> DocumentStore::snapshot(const std::string& uri) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = docs_.find(uri);
  if (it == docs_.end()) return std::nullopt;
  const DocState& s = *it->second;
  DocSnapshot snap;
  snap.uri = uri;
  snap.version = s.doc.version();
  snap.text = std::make_shared<const std::string>(s.doc.text());
  snap.previousTree = s.tree;
  for (const auto& [v, e] : s.pendingEdits) snap.editsSincePreviousTree.push_back(e);
  return snap;
}

void DocumentStore::storeTree(const std::string& uri, std::int64_t version,
                              std::shared_ptr<const py::SyntaxTree> tree) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = docs_.find(uri);
  if (it == docs_.end()) return;
  DocState& s = *it->second;
  if (version <= s.treeVersion && s.tree) return;
  s.tree = std::move(tree);
  s.treeVersion = version;
  std::erase_if(s.pendingEdits, [version](const auto& p) { return p.first <= version; });
}

bool DocumentStore::storeLint(const std::string& uri, LintResult result) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = docs_.find(uri);
  if (it == docs_.end() || it->second->doc.version() != result.version) return false;
  it->second->lint = std::move(result);
  return true;
}

std::optional<std::string> DocumentStore::uriForPath(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [uri, _] : docs_) {
    auto p = uriToPath(uri);
    if (p && *p == path) return uri;
  }
  return std::nullopt;
}

}  // namespace mlide::server
