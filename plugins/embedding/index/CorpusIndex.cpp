#include "plugins/embedding/index/CorpusIndex.hpp"

namespace mlide::embedding {

Status migrateCorpusSchema(store::Database& db) {
  return db.migrate("corpus", {
                                  {1, R"sql(
CREATE TABLE corpus_projects(
  id INTEGER PRIMARY KEY,
  corpus_root TEXT NOT NULL,
  name TEXT NOT NULL,
  path TEXT NOT NULL UNIQUE,
  indexed_at INTEGER NOT NULL DEFAULT (strftime('%s','now')));
CREATE TABLE corpus_files(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES corpus_projects(id) ON DELETE CASCADE,
  path TEXT NOT NULL UNIQUE,
  relative_path TEXT NOT NULL,
  notebook INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  mtime INTEGER NOT NULL);
CREATE INDEX corpus_files_project ON corpus_files(project_id);
)sql"},
                              });
}

Status storeCorpus(store::Database& db, const std::string& root, const std::vector<ScannedProject>& projects) {
  auto tx = store::Transaction::begin(db);
  if (!tx) return tx.takeError();
  auto del = db.prepare("DELETE FROM corpus_projects WHERE corpus_root = ?1");
  if (!del) return del.takeError();
  del->bind(1, root);
  if (auto s = del->run(); !s) return s;
  auto insProject = db.prepare("INSERT OR REPLACE INTO corpus_projects(corpus_root, name, path) VALUES(?1, ?2, ?3)");
  if (!insProject) return insProject.takeError();
  auto insFile = db.prepare(
      "INSERT OR REPLACE INTO corpus_files(project_id, path, relative_path, notebook, bytes, mtime) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  if (!insFile) return insFile.takeError();
  for (const ScannedProject& p : projects) {
    insProject->reset();
    insProject->bind(1, root).bind(2, p.name).bind(3, p.path);
    if (auto s = insProject->run(); !s) return s;
    const std::int64_t projectId = db.lastInsertId();
    for (const ScannedFile& f : p.files) {
      insFile->reset();
      insFile->bind(1, projectId)
          .bind(2, f.path)
          .bind(3, f.relativePath)
          .bind(4, static_cast<std::int64_t>(f.notebook))
          .bind(5, static_cast<std::int64_t>(f.bytes))
          .bind(6, f.mtime);
      if (auto s = insFile->run(); !s) return s;
    }
  }
  return tx->commit();
}

Expected<CorpusCounts> corpusCounts(store::Database& db) {
  auto st = db.prepare(
      "SELECT (SELECT COUNT(*) FROM corpus_projects), (SELECT COUNT(*) FROM corpus_files), "
      "(SELECT COUNT(*) FROM corpus_files WHERE notebook = 1)");
  if (!st) return st.takeError();
  auto row = st->step();
  if (!row) return row.takeError();
  return CorpusCounts{st->columnInt(0), st->columnInt(1), st->columnInt(2)};
}

}  // namespace mlide::embedding
