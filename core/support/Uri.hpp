// file:// URIs <-> absolute paths (RFC 8089 subset, as VS Code and Neovim send them).
#pragma once

#include <string>
#include <string_view>

#include "core/support/Expected.hpp"

namespace mlide {

/// "/home/a b/x.py" -> "file:///home/a%20b/x.py". `path` must be absolute.
std::string pathToUri(std::string_view path);

/// "file:///home/a%20b/x.py" -> "/home/a b/x.py". Other schemes (untitled:, test:) are an
/// InvalidArgument error: such documents have no file on disk.
Expected<std::string> uriToPath(std::string_view uri);

/// The part after the last '/' of a URI or path, without percent-decoding.
std::string_view uriBasename(std::string_view uri);

}  // namespace mlide
