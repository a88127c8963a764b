// A thin SQLite layer: a connection in WAL mode, prepared statements, RAII transactions and
// numbered migrations. Errors are values (ErrorCode::Storage) carrying SQLite's message.
//
// Thread-safety: a Database is one connection; use it from one thread at a time (SQLite is
// built serialized on Debian, but statements are not shareable). Open one connection per
// thread; WAL lets readers run beside one writer.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/support/Expected.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace mlide::store {

class Database;

/// A prepared statement. Bind parameters are 1-based, like SQLite's.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  Statement& bind(int index, std::int64_t v);
  Statement& bind(int index, double v);
  Statement& bind(int index, std::string_view v);
  Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  Statement& bindBlob(int index, const void* data, std::size_t size);
  Statement& bindNull(int index);

  /// Steps once: true while a row is available, false when done, error on failure.
  Expected<bool> step();
  /// Runs to completion, ignoring rows.
  Status run();
  /// Rewinds and clears bindings for reuse.
  void reset();

  std::int64_t columnInt(int col) const;
  double columnDouble(int col) const;
  std::string columnText(int col) const;
  bool columnIsNull(int col) const;
  std::vector<unsigned char> columnBlob(int col) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string bindError_;  // the first bind failure, reported by step()
};

/// One migration: the SQL that moves the schema from version-1 to `version`.
struct Migration {
  int version;
  std::string sql;
};

class Database {
 public:
  /// Opens (creating if needed) `path`; ":memory:" for an in-memory database. Sets WAL mode,
  /// foreign keys and a busy timeout.
  static Expected<std::unique_ptr<Database>> open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Status exec(std::string_view sql);
  Expected<Statement> prepare(std::string_view sql);

  /// Applies `component`'s migrations newer than its recorded version, each in its own
  /// transaction. Several components (sessions, corpus index, comparisons) share one workspace
  /// database, so versions are kept per component in the table `mlide_schema`. A database
  /// newer than the code is an error: we never write to a schema we do not know.
  Status migrate(std::string_view component, const std::vector<Migration>& migrations);
  /// The recorded version of `component` (0 if none), or -1 if it cannot be read.
  int schemaVersion(std::string_view component);

  std::int64_t lastInsertId() const;
  int changes() const;
  const std::string& path() const { return path_; }
  sqlite3* raw() { return db_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

/// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded.
class Transaction {
 public:
  static Expected<Transaction> begin(Database& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace mlide::store
