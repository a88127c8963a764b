#include "plugins/checks/sessions/KerasCsv.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

namespace mlide::training {
namespace {

// CSVLogger writes plain fields; quoting only appears for names with separators.
std::vector<std::string> splitRow(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == sep && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  for (std::string& f : out) {
    const auto b = f.find_first_not_of(" \t");
    const auto e = f.find_last_not_of(" \t\r");
    f = b == std::string::npos ? std::string() : f.substr(b, e - b + 1);
  }
  return out;
}

// strtod reads "nan", "inf" and "infinity" itself, in any case and with a sign.
std::optional<double> parseNumber(const std::string& s) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end) return std::nullopt;
  return v;
}

// CRC-32C (Castagnoli, reflected), bit by bit: it runs over 8 bytes once per import.
std::uint32_t crc32c(std::string_view bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::uint64_t littleEndian(std::string_view bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = bytes.size(); i-- > 0;) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

}  // namespace

bool looksLikeTensorBoard(const std::string& path, std::string_view bytes) {
  if (std::filesystem::path(path).filename().string().find("tfevents") != std::string::npos)
    return true;
  // A TFRecord frame: uint64 length, uint32 masked CRC-32C of those 8 bytes, the record, its CRC.
  if (bytes.size() < 16) return false;
  const std::uint32_t crc = crc32c(bytes.substr(0, 8));
  const std::uint32_t masked = ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
  return static_cast<std::uint32_t>(littleEndian(bytes.substr(8, 4))) == masked &&
         littleEndian(bytes.substr(0, 8)) <= bytes.size() - 16;
}

Expected<std::vector<EpochRecord>> parseTrainingLog(const std::string& path,
                                                    const std::string& bytes) {
  if (looksLikeTensorBoard(path, bytes)) {
    return makeError(
        ErrorCode::Unsupported,
        "this is a TensorBoard event file; importing TensorBoard logs is not supported yet. "
        "Import a Keras CSVLogger file instead (keras.callbacks.CSVLogger(\"training.log\")), "
        "or stream the run live with mlide_client");
  }
  return parseKerasCsv(bytes);
}

Expected<std::vector<EpochRecord>> parseKerasCsv(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  int lineNo = 0;
  std::vector<std::string> header;
  char sep = ',';
  std::vector<EpochRecord> out;
  while (std::getline(in, line)) {
    ++lineNo;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (header.empty()) {
      // CSVLogger(separator=...) may use ';' or a tab.
      if (line.find(',') == std::string::npos)
        sep = line.find(';') != std::string::npos ? ';' : '\t';
      header = splitRow(line, sep);
      if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0)
        header[0] = header[0].substr(3);
      bool hasEpoch = false;
      for (const std::string& h : header) hasEpoch |= h == "epoch";
      if (!hasEpoch) {
        return makeError(
            ErrorCode::ParseError,
            "line 1: no 'epoch' column: this does not look like a Keras CSVLogger file");
      }
      continue;
    }
    const std::vector<std::string> fields = splitRow(line, sep);
    if (fields.size() != header.size()) {
      return makeError(ErrorCode::ParseError,
                       "line " + std::to_string(lineNo) + ": " + std::to_string(fields.size()) +
                           " fields, the header has " + std::to_string(header.size()));
    }
    EpochRecord r;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].empty()) continue;
      auto v = parseNumber(fields[i]);
      if (!v) {
        return makeError(ErrorCode::ParseError, "line " + std::to_string(lineNo) + ": column '" +
                                                    header[i] + "': '" + fields[i] +
                                                    "' is not a number");
      }
      if (header[i] == "epoch") {
        if (!std::isfinite(*v) || *v < 0 || *v > 1e9 || std::floor(*v) != *v) {
          return makeError(ErrorCode::ParseError, "line " + std::to_string(lineNo) + ": epoch '" +
                                                      fields[i] + "' is not a whole number");
        }
        r.epoch = static_cast<int>(*v);
      } else if (header[i] == "lr" || header[i] == "learning_rate") {
        r.lr = *v;
      } else {
        r.metrics[header[i]] = *v;
      }
    }
    out.push_back(std::move(r));
  }
  if (header.empty()) return makeError(ErrorCode::ParseError, "the file is empty");
  return out;
}

}  // namespace mlide::training
