#include "core/support/Expected.hpp"

namespace mlide {

const char* errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::ParseError: return "parse-error";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::IoError: return "io-error";
    case ErrorCode::Storage: return "storage";
    case ErrorCode::Internal: return "internal";
  }
  return "internal";
}

std::string Error::describe() const { return std::string(errorCodeName(code)) + ": " + message; }

}  // namespace mlide
