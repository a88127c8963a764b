#include "plugins/embedding/scan/CorpusScanner.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace mlide::embedding {
namespace fs = std::filesystem;

namespace {

bool skippedDir(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.empty() || name[0] == '.' || name == "node_modules" || name == "__pycache__" || name == "venv" ||
         name == "env" || name == "site-packages" || fs::exists(p / "pyvenv.cfg");
}

bool sourceFile(const fs::path& p, bool& notebook) {
  const std::string ext = p.extension().string();
  notebook = ext == ".ipynb";
  return ext == ".py" || notebook;
}

Status collect(const fs::path& projectRoot, ScannedProject& project, const CancellationToken& cancel) {
  std::error_code ec;
  fs::recursive_directory_iterator it(projectRoot, fs::directory_options::skip_permission_denied, ec);
  if (ec) return makeError(ErrorCode::IoError, "cannot read " + projectRoot.string() + ": " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return makeError(ErrorCode::IoError, "cannot read " + projectRoot.string() + ": " + ec.message());
    if (cancel.cancelled()) return makeError(ErrorCode::Cancelled, "scan cancelled");
    const fs::directory_entry& e = *it;
    if (e.is_symlink(ec)) {
      if (e.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (e.is_directory(ec)) {
      if (skippedDir(e.path())) it.disable_recursion_pending();
      continue;
    }
    bool notebook = false;
    if (!e.is_regular_file(ec) || !sourceFile(e.path(), notebook)) continue;
    ScannedFile f;
    f.path = e.path().string();
    f.relativePath = fs::relative(e.path(), projectRoot, ec).string();
    f.notebook = notebook;
    f.bytes = e.file_size(ec);
    const auto t = e.last_write_time(ec);
    f.mtime = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::file_clock::to_sys(t).time_since_epoch())
                  .count();
    project.files.push_back(std::move(f));
  }
  std::sort(project.files.begin(), project.files.end(),
            [](const ScannedFile& a, const ScannedFile& b) { return a.relativePath < b.relativePath; });
  return okStatus();
}

}  // namespace

Expected<std::vector<ScannedProject>> scanCorpus(const std::string& rootPath, const CancellationToken& cancel,
                                                 const ScanProgress& progress) {
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(rootPath, ec);
  if (ec || !fs::is_directory(root, ec)) return makeError(ErrorCode::NotFound, "not a folder: " + rootPath);

  bool rootIsProject = fs::exists(root / ".git", ec);
  std::vector<fs::path> candidates;
  for (const auto& e : fs::directory_iterator(root, fs::directory_options::skip_permission_denied, ec)) {
    bool notebook = false;
    if (e.is_regular_file(ec) && sourceFile(e.path(), notebook)) rootIsProject = true;
    if (e.is_directory(ec) && !e.is_symlink(ec) && !skippedDir(e.path())) candidates.push_back(e.path());
  }
  if (ec) return makeError(ErrorCode::IoError, "cannot list " + root.string() + ": " + ec.message());
  if (rootIsProject) candidates = {root};
  std::sort(candidates.begin(), candidates.end());

  std::vector<ScannedProject> projects;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (progress) {
      progress("scanning " + candidates[i].filename().string(),
               static_cast<int>(100 * i / std::max<std::size_t>(1, candidates.size())));
    }
    ScannedProject p;
    p.name = candidates[i].filename().string();
    p.path = candidates[i].string();
    if (auto s = collect(candidates[i], p, cancel); !s) return s.takeError();
    if (!p.files.empty()) projects.push_back(std::move(p));
  }
  return projects;
}

}  // namespace mlide::embedding
