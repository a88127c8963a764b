// Logging to stderr (or a file). Never to stdout: while serving, stdout carries the protocol.
// Thread-safe: each line is written under a mutex.
#pragma once

#include <string>
#include <string_view>

namespace mlide::log {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3, Off = 4 };

/// Messages below `level` are dropped. Default: Info.
void setLevel(Level level);
Level level();
/// Parses "debug", "info", "warn", "error", "off"; unknown names give Info.
Level parseLevel(std::string_view name);
/// Send output to `path` (appending) instead of stderr; an empty path restores stderr.
/// Returns false if the file cannot be opened (output stays where it was).
bool setFile(const std::string& path);

void write(Level level, std::string_view message);

inline void debug(std::string_view m) { write(Level::Debug, m); }
inline void info(std::string_view m) { write(Level::Info, m); }
inline void warn(std::string_view m) { write(Level::Warn, m); }
inline void error(std::string_view m) { write(Level::Error, m); }

}  // namespace mlide::log
