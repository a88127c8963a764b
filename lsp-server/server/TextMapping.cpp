#include "lsp-server/server/TextMapping.hpp"

#include <algorithm>
#include <utility>

namespace mlide::server {
namespace {

// Beyond this many inserted plus deleted lines the middle counts as rewritten: Myers' diff costs
// O((N + M) * D) time and O(D^2) memory for the trace (a few MB here).
constexpr int kMaxDiffLines = 1000;

struct Lines {
  std::vector<std::string_view> text;  // each with its terminator
  std::vector<std::size_t> start;      // byte offset of each line, then the text's size
};

Lines splitLines(std::string_view s) {
  Lines out;
  std::size_t begin = 0;
  while (begin < s.size()) {
    const std::size_t nl = s.find('\n', begin);
    const std::size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
    out.text.push_back(s.substr(begin, end - begin));
    out.start.push_back(begin);
    begin = end;
  }
  out.start.push_back(s.size());
  return out;
}

// Matching line pairs of a[aLo, aHi) and b[bLo, bHi), in order (Myers' greedy diff); empty when
// the difference exceeds kMaxDiffLines.
std::vector<std::pair<std::size_t, std::size_t>> diffMiddle(const Lines& a, std::size_t aLo,
                                                            std::size_t aHi, const Lines& b,
                                                            std::size_t bLo, std::size_t bHi) {
  const int n = static_cast<int>(aHi - aLo);
  const int m = static_cast<int>(bHi - bLo);
  const int maxD = std::min(n + m, kMaxDiffLines);
  const int offset = maxD + 1;
  std::vector<int> v(2 * static_cast<std::size_t>(maxD) + 3, 0);
  std::vector<std::vector<int>> trace;  // v[-d..d] before each round d: all that round reads
  auto same = [&](int x, int y) { return a.text[aLo + x] == b.text[bLo + y]; };
  int found = -1;
  for (int d = 0; d <= maxD && found < 0; ++d) {
    trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                  ? v[offset + k + 1]
                  : v[offset + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && same(x, y)) ++x, ++y;
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  std::vector<std::pair<std::size_t, std::size_t>> matches;
  if (found < 0) return matches;
  int x = n, y = m;
  for (int d = found; d >= 0; --d) {
    const std::vector<int>& t = trace[d];
    auto pv = [&](int k) { return t[static_cast<std::size_t>(k + d)]; };
    const int k = x - y;
    const int prevK = (k == -d || (k != d && pv(k - 1) < pv(k + 1))) ? k + 1 : k - 1;
    const int prevX = d == 0 ? 0 : pv(prevK);
    const int prevY = d == 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      --x, --y;
      matches.emplace_back(aLo + x, bLo + y);
    }
    x = prevX;
    y = prevY;
  }
  std::reverse(matches.begin(), matches.end());
  return matches;
}

}  // namespace

TextMapping::TextMapping(std::string_view from, std::string_view to)
    : fromSize_(from.size()), toSize_(to.size()), identical_(from == to) {
  if (identical_) {
    runs_.push_back({0, 0, from.size()});
    return;
  }
  const Lines a = splitLines(from);
  const Lines b = splitLines(to);
  const std::size_t na = a.text.size(), nb = b.text.size();
  std::size_t prefix = 0;
  while (prefix < na && prefix < nb && a.text[prefix] == b.text[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < na - prefix && suffix < nb - prefix &&
         a.text[na - 1 - suffix] == b.text[nb - 1 - suffix])
    ++suffix;

  std::vector<std::pair<std::size_t, std::size_t>> matches;
  for (std::size_t i = 0; i < prefix; ++i) matches.emplace_back(i, i);
  for (auto& m : diffMiddle(a, prefix, na - suffix, b, prefix, nb - suffix)) matches.push_back(m);
  for (std::size_t i = suffix; i > 0; --i) matches.emplace_back(na - i, nb - i);

  for (const auto& [i, j] : matches) {
    const std::size_t size = a.start[i + 1] - a.start[i];
    if (!runs_.empty() && runs_.back().from + runs_.back().size == a.start[i] &&
        runs_.back().to + runs_.back().size == b.start[j]) {
      runs_.back().size += size;
    } else {
      runs_.push_back({a.start[i], b.start[j], size});
    }
  }
}

std::optional<ByteRange> TextMapping::map(ByteRange r) const {
  auto it = std::upper_bound(runs_.begin(), runs_.end(), r.begin,
                             [](std::size_t off, const Run& run) { return off < run.from; });
  if (it == runs_.begin()) return std::nullopt;
  --it;  // the last run starting at or before r.begin
  if (r.end > it->from + it->size) return std::nullopt;
  if (r.empty()) {
    // On a run's edge the text on one side changed, unless that edge is the text's own.
    const bool atStart = r.begin == it->from && !(it->from == 0 && it->to == 0);
    const bool atEnd =
        r.begin == it->from + it->size && !(r.begin == fromSize_ && it->to + it->size == toSize_);
    if (atStart || atEnd) return std::nullopt;
  }
  return ByteRange{it->to + (r.begin - it->from), it->to + (r.end - it->from)};
}

std::optional<Diag> TextMapping::map(const Diag& d) const {
  if (identical_) return d;
  return mapRanges(d, [this](ByteRange r) { return map(r); });
}

}  // namespace mlide::server
