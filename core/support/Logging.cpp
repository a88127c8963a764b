#include "core/support/Logging.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace mlide::log {
namespace {

std::atomic<Level> gLevel{Level::Info};
std::mutex gMutex;
std::FILE* gOut = nullptr;  // nullptr means stderr; guarded by gMutex

const char* levelTag(Level l) {
  switch (l) {
    case Level::Debug: return "D";
    case Level::Info: return "I";
    case Level::Warn: return "W";
    case Level::Error: return "E";
    case Level::Off: return "-";
  }
  return "?";
}

}  // namespace

void setLevel(Level l) { gLevel.store(l); }
Level level() { return gLevel.load(); }

Level parseLevel(std::string_view name) {
  if (name == "debug" || name == "verbose" || name == "trace") return Level::Debug;
  if (name == "warn" || name == "warning") return Level::Warn;
  if (name == "error") return Level::Error;
  if (name == "off") return Level::Off;
  return Level::Info;
}

bool setFile(const std::string& path) {
  std::lock_guard<std::mutex> lock(gMutex);
  if (path.empty()) {
    if (gOut) std::fclose(gOut);
    gOut = nullptr;
    return true;
  }
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (!f) return false;
  if (gOut) std::fclose(gOut);
  gOut = f;
  return true;
}

void write(Level l, std::string_view message) {
  if (l < gLevel.load() || l == Level::Off) return;
  auto now = std::chrono::system_clock::now();
  auto t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms));
  std::lock_guard<std::mutex> lock(gMutex);
  std::FILE* out = gOut ? gOut : stderr;
  std::fprintf(out, "%s[%s] %.*s\n", levelTag(l), stamp, static_cast<int>(message.size()),
               message.data());
  std::fflush(out);
}

}  // namespace mlide::log
