// Import aliases and canonical API names.
//
// Rules match canonical names, never spellings: `tf.keras.layers.Dense`, `keras.layers.Dense`,
// `from tensorflow.keras.layers import Dense as D; D` all canonicalise to "keras.layers.Dense";
// `nn.Linear` after `import torch.nn as nn` and `torch.nn.modules.linear.Linear` to
// "torch.nn.Linear". Value type; thread-compatible.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mlide::checks::model {

/// Maps `qualified` (a dotted import path) to the canonical spelling rules match:
///  - tensorflow.keras.X / tensorflow.python.keras.X / tf_keras.X / keras.src.X -> keras.X
///  - keras.layers.<submodule>.Name -> keras.layers.Name (same for optimizers, losses,
///    activations, models, callbacks)
///  - torch.nn.modules.<submodule>.Name -> torch.nn.Name; torch.optim.<submodule>.Name ->
///    torch.optim.Name (lr_scheduler stays)
///  - pytorch_lightning.X / lightning.pytorch.X -> lightning.X
std::string canonicalName(std::string_view qualified);

/// The names a module binds by import statements.
class ImportTable {
 public:
  /// `import a.b.c` binds `a` to "a"; `import a.b as x` binds `x` to "a.b";
  /// `from a.b import c as d` binds `d` to "a.b.c".
  void bind(std::string local, std::string qualified);
  /// `from a.b import *`.
  void addStar(std::string module);

  /// The canonical qualified name of a dotted expression whose first component is an imported
  /// name (`nn.Linear` -> "torch.nn.Linear"); "" when the first component is not imported.
  /// A bare name not bound by an import is tried against star imports, accepted only if
  /// `isKnown` says the candidate is a known API name.
  template <typename Known>
  std::string resolve(std::string_view dotted, Known&& isKnown) const;

  bool empty() const { return names_.empty() && stars_.empty(); }
  /// True if some import binds a name in the `torch` / `keras` / `tensorflow` packages.
  bool importsTorch() const { return torch_; }
  bool importsKeras() const { return keras_; }
  /// The local name under which `qualified` (canonical) or one of its parent packages is
  /// reachable, e.g. "nn" for "torch.nn" after `import torch.nn as nn`, "torch.nn" after
  /// `import torch`; "" if none. Fixes use it to spell new code the way the file does.
  std::string spell(std::string_view canonical) const;

 private:
  std::map<std::string, std::string, std::less<>> names_;  // local -> canonical qualified
  std::vector<std::string> stars_;
  bool torch_ = false;
  bool keras_ = false;
};

template <typename Known>
std::string ImportTable::resolve(std::string_view dotted, Known&& isKnown) const {
  if (dotted.empty()) return {};
  const std::size_t dot = dotted.find('.');
  const std::string_view head = dotted.substr(0, dot);
  auto it = names_.find(head);
  if (it != names_.end()) {
    if (dot == std::string_view::npos) return it->second;
    return canonicalName(it->second + std::string(dotted.substr(dot)));
  }
  if (dot != std::string_view::npos) return {};
  for (const std::string& module : stars_) {
    std::string candidate = canonicalName(module + "." + std::string(dotted));
    if (isKnown(candidate)) return candidate;
  }
  return {};
}

}  // namespace mlide::checks::model
