// Failures as values: Error, Expected<T> and Status (= Expected<void>).
//
// std::expected is C++23; this is the small C++20 subset mlide needs. Nothing here throws:
// accessing the value of an Expected that holds an error is a programming error (asserted).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace mlide {

/// Error categories. The LSP layer maps them to JSON-RPC codes; the CLI to messages.
enum class ErrorCode {
  InvalidArgument,  // the caller passed something malformed (bad params, bad position)
  NotFound,         // an unknown document, file, session, rule
  ParseError,       // input that does not parse (JSON, notebook, pyproject)
  Unsupported,      // a valid input the feature cannot handle (binary file, huge file)
  Cancelled,        // the work was cancelled by the client or superseded
  IoError,          // file system or socket
  Storage,          // SQLite
  Internal,         // a bug, or an exception from a dependency caught at an entry point
};

const char* errorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;

  /// "not-found: no document file:///a.py"
  std::string describe() const;
};

inline Error makeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

/// Holds a T or an Error. Thread-compatible (like any value type).
template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT implicit
  Expected(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT implicit

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }
  Error takeError() { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT implicit

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { assert(!ok_); return error_; }
  Error takeError() { assert(!ok_); return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Expected<void>;

inline Status okStatus() { return Status{}; }

}  // namespace mlide
