// Walks a corpus folder and lists its ML projects and their Python sources and notebooks.
//
// A project is a direct sub-folder of the corpus root that holds Python files (or the root
// itself when it is a single project: it has a .git folder or Python files at its top level).
// Hidden folders, virtual environments, node_modules and __pycache__ are skipped; symlinks are
// not followed (corpora often hold vendored copies that would loop or double count).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/support/Cancellation.hpp"
#include "core/support/Expected.hpp"

namespace mlide::embedding {

struct ScannedFile {
  std::string path;          // absolute
  std::string relativePath;  // relative to its project
  bool notebook = false;
  std::uint64_t bytes = 0;
  std::int64_t mtime = 0;  // seconds since the epoch
};

struct ScannedProject {
  std::string name;
  std::string path;  // absolute
  std::vector<ScannedFile> files;
};

/// Progress callback: (message, percentage 0..100).
using ScanProgress = std::function<void(const std::string&, int)>;

/// Scans `root`. NotFound if it is not a folder; Cancelled if `cancel` fires.
Expected<std::vector<ScannedProject>> scanCorpus(const std::string& root, const CancellationToken& cancel,
                                                 const ScanProgress& progress = {});

}  // namespace mlide::embedding
