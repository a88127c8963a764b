#include "core/store/Database.hpp"

#include <sqlite3.h>

namespace mlide::store {
namespace {

Error storageError(sqlite3* db, std::string_view what) {
  std::string msg(what);
  if (db) {
    msg += ": ";
    msg += sqlite3_errmsg(db);
  }
  return makeError(ErrorCode::Storage, std::move(msg));
}

}  // namespace

Statement::Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_), bindError_(std::move(o.bindError_)) {
  o.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    bindError_ = std::move(o.bindError_);
    o.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

#define MLIDE_BIND(call)                                                                   \
  do {                                                                                     \
    if ((call) != SQLITE_OK && bindError_.empty())                                         \
      bindError_ = std::string("bind parameter ") + std::to_string(index) + ": " + sqlite3_errmsg(db_); \
  } while (0)

Statement& Statement::bind(int index, std::int64_t v) {
  MLIDE_BIND(sqlite3_bind_int64(stmt_, index, v));
  return *this;
}
Statement& Statement::bind(int index, double v) {
  MLIDE_BIND(sqlite3_bind_double(stmt_, index, v));
  return *this;
}
Statement& Statement::bind(int index, std::string_view v) {
  MLIDE_BIND(sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  return *this;
}
Statement& Statement::bindBlob(int index, const void* data, std::size_t size) {
  MLIDE_BIND(sqlite3_bind_blob(stmt_, index, data, static_cast<int>(size), SQLITE_TRANSIENT));
  return *this;
}
Statement& Statement::bindNull(int index) {
  MLIDE_BIND(sqlite3_bind_null(stmt_, index));
  return *this;
}
#undef MLIDE_BIND

Expected<bool> Statement::step() {
  if (!bindError_.empty()) return makeError(ErrorCode::Storage, bindError_);
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return storageError(db_, "step");
}

Status Statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.takeError();
    if (!*r) return okStatus();
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bindError_.clear();
}

std::int64_t Statement::columnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::columnDouble(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Statement::columnText(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}
bool Statement::columnIsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::vector<unsigned char> Statement::columnBlob(int col) const {
  const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, col));
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::vector<unsigned char>(p, p + n) : std::vector<unsigned char>();
}

Expected<std::unique_ptr<Database>> Database::open(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error e = storageError(db, "cannot open database '" + path + "'");
    sqlite3_close(db);
    return e;
  }
  std::unique_ptr<Database> out(new Database(db, path));
  sqlite3_busy_timeout(db, 5000);
  // WAL: readers do not block the writer, and a crash loses no committed transaction.
  if (path != ":memory:") {
    if (auto s = out->exec("PRAGMA journal_mode=WAL"); !s) return s.takeError();
    if (auto s = out->exec("PRAGMA synchronous=NORMAL"); !s) return s.takeError();
  }
  if (auto s = out->exec("PRAGMA foreign_keys=ON"); !s) return s.takeError();
  return out;
}

Database::~Database() { sqlite3_close_v2(db_); }

Status Database::exec(std::string_view sql) {
  std::string owned(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return makeError(ErrorCode::Storage, msg + " (in: " + owned.substr(0, 80) + ")");
  }
  return okStatus();
}

Expected<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return storageError(db_, "prepare '" + std::string(sql.substr(0, 80)) + "'");
  }
  return Statement(db_, stmt);
}

int Database::schemaVersion(std::string_view component) {
  if (!exec("CREATE TABLE IF NOT EXISTS mlide_schema(component TEXT PRIMARY KEY, version INTEGER NOT NULL)")) {
    return -1;
  }
  auto st = prepare("SELECT version FROM mlide_schema WHERE component = ?1");
  if (!st) return -1;
  st->bind(1, component);
  auto row = st->step();
  if (!row) return -1;
  return *row ? static_cast<int>(st->columnInt(0)) : 0;
}

Status Database::migrate(std::string_view component, const std::vector<Migration>& migrations) {
  const int current = schemaVersion(component);
  if (current < 0) return makeError(ErrorCode::Storage, "cannot read schema version of " + path_);
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    return makeError(ErrorCode::Storage, "database " + path_ + " has " + std::string(component) +
                                             " schema version " + std::to_string(current) +
                                             ", newer than this mlide (" + std::to_string(latest) + ")");
  }
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    auto tx = Transaction::begin(*this);
    if (!tx) return tx.takeError();
    if (auto s = exec(m.sql); !s) return s;
    auto st = prepare("INSERT INTO mlide_schema(component, version) VALUES(?1, ?2) "
                      "ON CONFLICT(component) DO UPDATE SET version = excluded.version");
    if (!st) return st.takeError();
    st->bind(1, component).bind(2, static_cast<std::int64_t>(m.version));
    if (auto s = st->run(); !s) return s;
    if (auto s = tx->commit(); !s) return s;
  }
  return okStatus();
}

std::int64_t Database::lastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

Expected<Transaction> Transaction::begin(Database& db) {
  if (auto s = db.exec("BEGIN IMMEDIATE"); !s) return s.takeError();
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_) (void)db_->exec("ROLLBACK");
}

Status Transaction::commit() {
  if (!db_) return makeError(ErrorCode::Internal, "transaction already finished");
  Status s = db_->exec("COMMIT");
  if (s) db_ = nullptr;
  return s;
}

}  // namespace mlide::store
