#include "plugins/checks/dynamic/ForwardedWarnings.hpp"

#include <map>

#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training {

void reportForwardedWarnings(const RunHistory& h, std::initializer_list<std::string_view> needles,
                             const DynamicFinding& proto, std::string_view title,
                             std::vector<DynamicFinding>& out) {
  std::map<std::string, DynamicFinding> byPlace;
  for (const FrameworkWarning& w : h.warnings) {
    bool all = true;
    for (std::string_view n : needles) all = all && w.message.find(n) != std::string::npos;
    if (!all) continue;
    const std::string key = w.file + ":" + std::to_string(w.line);
    auto [it, fresh] = byPlace.try_emplace(key, proto);
    DynamicFinding& f = it->second;
    if (fresh) {
      f.key = key;
      f.file = w.file;
      f.line = w.line;
      f.anchor = (w.file.empty() || w.line <= 0) ? proto.anchor : Anchor::Explicit;
      std::string text = w.message.substr(0, w.message.find('\n'));
      if (text.size() > 300) text = text.substr(0, 297) + "...";
      f.message = std::string(title) + ": " + text;
    }
    if (w.epoch >= 0) addEpoch(f.epochs, w.epoch);
  }
  for (auto& [key, f] : byPlace) out.push_back(std::move(f));
}

}  // namespace mlide::training
