#include "plugins/checks/model/Names.hpp"

#include <array>
#include <cctype>

namespace mlide::checks::model {

namespace {

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "a.b.sub.Name" -> "a.b.Name" when the segment after `prefix` has further dots and the last
// segment starts with a capital (a class) or the sub-module is a known implementation module.
std::string collapse(std::string s, std::string_view prefix) {
  if (!startsWith(s, prefix)) return s;
  const std::size_t last = s.rfind('.');
  if (last == std::string::npos || last < prefix.size()) return s;
  const std::string_view rest(s.data() + prefix.size(), last - prefix.size());
  if (rest.empty()) return s;
  const char first = s[last + 1];
  if (!std::isupper(static_cast<unsigned char>(first))) return s;
  return std::string(prefix) + s.substr(last + 1);
}

}  // namespace

std::string canonicalName(std::string_view qualified) {
  std::string s(qualified);
  static constexpr std::array<std::string_view, 5> kKerasPrefixes = {
      "tensorflow.python.keras.", "tensorflow.keras.", "tf_keras.", "keras.src.", "keras.api._v2.keras."};
  for (std::string_view p : kKerasPrefixes) {
    if (startsWith(s, p)) {
      s = "keras." + s.substr(p.size());
      break;
    }
  }
  if (s == "tensorflow.keras" || s == "tf_keras" || s == "tensorflow.python.keras") s = "keras";
  if (startsWith(s, "pytorch_lightning.")) s = "lightning." + s.substr(18);
  if (s == "pytorch_lightning") s = "lightning";
  if (startsWith(s, "lightning.pytorch.")) s = "lightning." + s.substr(18);
  for (std::string_view p : {"keras.layers.", "keras.optimizers.", "keras.losses.", "keras.models.",
                             "keras.callbacks.", "keras.metrics.", "torch.nn.modules."}) {
    s = collapse(std::move(s), p);
  }
  if (startsWith(s, "torch.nn.modules.")) s = "torch.nn." + s.substr(17);
  if (!startsWith(s, "torch.optim.lr_scheduler.")) s = collapse(std::move(s), "torch.optim.");
  if (startsWith(s, "keras.optimizers.legacy.")) s = "keras.optimizers." + s.substr(24);
  return s;
}

void ImportTable::bind(std::string local, std::string qualified) {
  std::string canon = canonicalName(qualified);
  if (startsWith(canon, "torch")) torch_ = true;
  if (startsWith(canon, "keras") || startsWith(canon, "tensorflow")) keras_ = true;
  names_[std::move(local)] = std::move(canon);
}

void ImportTable::addStar(std::string module) {
  std::string canon = canonicalName(module);
  if (startsWith(canon, "torch")) torch_ = true;
  if (startsWith(canon, "keras") || startsWith(canon, "tensorflow")) keras_ = true;
  stars_.push_back(std::move(canon));
}

std::string ImportTable::spell(std::string_view canonical) const {
  // Prefer the longest bound prefix: `nn` for torch.nn over `torch` + ".nn".
  std::string best;
  std::size_t bestLen = 0;
  for (const auto& [local, target] : names_) {
    if (canonical == target || (startsWith(canonical, target) && canonical.size() > target.size() &&
                                canonical[target.size()] == '.')) {
      if (target.size() > bestLen || best.empty()) {
        bestLen = target.size();
        best = local + std::string(canonical.substr(target.size()));
      }
    }
  }
  if (best.empty() && startsWith(canonical, "keras.")) {
    // `import tensorflow as tf` reaches keras as tf.keras.
    for (const auto& [local, target] : names_) {
      if (target == "tensorflow") return local + ".keras" + std::string(canonical.substr(5));
    }
  }
  return best;
}

}  // namespace mlide::checks::model
