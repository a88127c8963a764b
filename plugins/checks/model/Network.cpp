#include "plugins/checks/model/Network.hpp"

namespace mlide::checks::model {

std::string Layer::displayName() const {
  std::string_view n = name;
  if (n.empty()) return "operation";
  if (n.substr(0, 13) == "keras.layers.") return std::string(n.substr(13));
  if (n.substr(0, 20) == "torch.nn.functional.") return "F." + std::string(n.substr(20));
  if (n.substr(0, 9) == "torch.nn.") return "nn." + std::string(n.substr(9));
  return std::string(n);
}

bool Chain::complete() const {
  if (!fromInput) return false;
  for (const Layer& l : ops) {
    if (!l.known()) return false;
  }
  return true;
}

void Chain::append(const Chain& tail) { ops.insert(ops.end(), tail.ops.begin(), tail.ops.end()); }

bool Network::hasKind(LayerKind k) const {
  for (const Layer& l : chain.ops) {
    if (l.kind == k) return true;
  }
  for (const Layer& l : registered) {
    if (l.kind == k) return true;
  }
  return false;
}

bool isTransparent(LayerKind k) {
  switch (k) {
    case LayerKind::Normalization:
    case LayerKind::Dropout:
    case LayerKind::Reshape:
    case LayerKind::Flatten:
    case LayerKind::Pooling:
    case LayerKind::GlobalPooling:
    case LayerKind::Preprocessing:
    case LayerKind::Input:
      return true;
    default:
      return false;
  }
}

AfterWeight afterWeight(const std::vector<Layer>& ops, std::size_t i) {
  using S = AfterWeight::State;
  const Layer& w = ops[i];
  if (w.activation.empty() || w.conditional) return {S::Undetermined, i};
  if (w.activation != "linear") return {S::Activated, i};
  for (std::size_t j = i + 1; j < ops.size(); ++j) {
    const Layer& op = ops[j];
    if (op.conditional) return {S::Undetermined, j};
    if (isTransparent(op.kind)) continue;
    if (op.kind == LayerKind::Activation) {
      if (op.activation.empty()) return {S::Undetermined, j};
      return {S::Activated, j};
    }
    if (op.kind == LayerKind::Weight) return {S::Linear, j};
    return {S::Undetermined, j};
  }
  return {S::End, ops.size()};
}

std::optional<OutputActivation> outputActivation(const Chain& chain) {
  const auto& ops = chain.ops;
  for (std::size_t i = ops.size(); i-- > 0;) {
    const Layer& op = ops[i];
    if (op.conditional) return std::nullopt;
    if (isTransparent(op.kind)) continue;
    if (op.kind == LayerKind::Activation) {
      if (op.activation.empty()) return std::nullopt;
      OutputActivation out{op.activation, i, ops.size(), false};
      for (std::size_t j = i; j-- > 0;) {
        if (ops[j].kind == LayerKind::Weight) {
          out.weight = j;
          break;
        }
        if (ops[j].kind != LayerKind::Activation && !isTransparent(ops[j].kind)) break;
      }
      return out;
    }
    if (op.kind == LayerKind::Weight) {
      if (op.activation.empty()) return std::nullopt;
      return OutputActivation{op.activation, i, i, op.activation != "linear"};
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace mlide::checks::model
