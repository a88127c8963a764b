// The corpus tables of the workspace database: projects and their files. Re-indexing a corpus
// replaces its rows in one transaction, so a crash leaves the previous index intact.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/Database.hpp"
#include "plugins/embedding/scan/CorpusScanner.hpp"

namespace mlide::embedding {

struct CorpusCounts {
  std::int64_t projects = 0;
  std::int64_t files = 0;
  std::int64_t notebooks = 0;
};

/// Creates or upgrades the corpus schema.
Status migrateCorpusSchema(store::Database& db);

/// Replaces everything indexed under `root` with `projects`.
Status storeCorpus(store::Database& db, const std::string& root, const std::vector<ScannedProject>& projects);

Expected<CorpusCounts> corpusCounts(store::Database& db);

}  // namespace mlide::embedding
