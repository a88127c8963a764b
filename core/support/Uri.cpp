#include "core/support/Uri.hpp"

#include <cctype>

namespace mlide {
namespace {

bool unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string pathToUri(std::string_view path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : path) {
    if (unreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Expected<std::string> uriToPath(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.substr(0, kScheme.size()) != kScheme) {
    return makeError(ErrorCode::InvalidArgument, "not a file URI: " + std::string(uri));
  }
  std::string_view rest = uri.substr(kScheme.size());
  // Skip an authority ("localhost" or empty).
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) {
    return makeError(ErrorCode::InvalidArgument, "file URI without a path: " + std::string(uri));
  }
  rest = rest.substr(slash);
  std::string out;
  out.reserve(rest.size());
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size()) {
      const int hi = hexValue(rest[i + 1]);
      const int lo = hexValue(rest[i + 2]);
      if (hi < 0 || lo < 0) {
        return makeError(ErrorCode::InvalidArgument, "bad percent-escape in URI: " + std::string(uri));
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (rest[i] == '%') {
      return makeError(ErrorCode::InvalidArgument, "truncated percent-escape in URI: " + std::string(uri));
    } else {
      out.push_back(rest[i]);
    }
  }
  return out;
}

std::string_view uriBasename(std::string_view uri) {
  const auto slash = uri.rfind('/');
  return slash == std::string_view::npos ? uri : uri.substr(slash + 1);
}

}  // namespace mlide
