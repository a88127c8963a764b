// FileAnchors::Impl: finding each construct (split from FileAnchors.cpp).
#include <algorithm>
#include <cctype>

#include "plugins/checks/model/Api.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/sessions/FileAnchorsImpl.hpp"

namespace mlide::training {

using py::Node;
namespace ast = checks::ast;
namespace api = checks::model;

namespace {

bool isNumber(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t i = 0;
  for (;;) {
    const std::size_t j = s.find(sep, i);
    out.push_back(s.substr(i, j == std::string::npos ? std::string::npos : j - i));
    if (j == std::string::npos) return out;
    i = j + 1;
  }
}

}  // namespace

const std::set<std::string>& FileAnchors::Impl::optimizerNames() {
  static const std::set<std::string> kNames = {"SGD", "Adam", "AdamW", "Adamax", "NAdam", "Nadam", "RAdam",
                                               "RMSprop", "Adagrad", "Adadelta", "ASGD", "Rprop", "LBFGS",
                                               "SparseAdam", "Ftrl", "Lion"};
  return kNames;
}

const std::set<std::string>& FileAnchors::Impl::schedulerNames() {
  static const std::set<std::string> kNames = {
      "StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts",
      "CyclicLR", "OneCycleLR", "LambdaLR", "MultiplicativeLR", "LinearLR", "ConstantLR",
      "PolynomialLR", "ReduceLROnPlateau", "SequentialLR", "ChainedScheduler", "LearningRateScheduler",
      "ExponentialDecay", "PiecewiseConstantDecay", "CosineDecay", "InverseTimeDecay", "PolynomialDecay"};
  return kNames;
}

ByteRange FileAnchors::Impl::headerRange(Node stmt) const {
  const std::string_view src = *text;
  std::size_t end = src.find('\n', stmt.begin());
  if (end == std::string_view::npos || end > stmt.end()) end = stmt.end();
  while (end > stmt.begin() && (src[end - 1] == ' ' || src[end - 1] == '\t' || src[end - 1] == '\r')) --end;
  return {stmt.begin(), end};
}

Node FileAnchors::Impl::assignedCall(std::string_view target) const {
  const std::string_view src = *text;
  for (Node call : assignedCalls) {
    if (ast::dottedName(call.parent().field("left"), src) == target) return call;
  }
  return {};
}

Node FileAnchors::Impl::optimizer(const ModelInfo& m) const {
  if (optimizers.empty()) return {};
  for (const Optimizer& o : optimizers) {
    if (!m.optimizerClass.empty() && o.cls == m.optimizerClass) return o.call;
  }
  return optimizers.front().call;
}

Node FileAnchors::Impl::lrArgument(Node call) const {
  const std::string_view src = *text;
  for (const char* kw : {"lr", "learning_rate"}) {
    if (Node k = ast::keywordArgument(call, kw, src)) return k;
  }
  const std::string callee = model->canonical(call);
  std::size_t pos = callee.rfind("keras.", 0) == 0 ? 0 : 1;
  if (callee.empty()) {
    Node first = ast::positional(call, 0);
    pos = first && first.text(src).find("parameters") != std::string_view::npos ? 1 : 0;
  }
  return ast::positional(call, pos);
}

Node FileAnchors::Impl::lrValue(Node call) const {
  Node a = lrArgument(call);
  if (a && a.is("keyword_argument")) return a.field("value");
  return a;
}

Node FileAnchors::Impl::compileOptimizerString() const {
  const std::string_view src = *text;
  for (Node c : compiles) {
    Node k = ast::keywordArgument(c, "optimizer", src);
    if (k && ast::stringValue(k.field("value"), src)) return k;
  }
  return {};
}

Node FileAnchors::Impl::firstConv(const ModelInfo& m) const {
  if (!m.firstConvName.empty()) {
    if (Node n = layer(m.firstConvName)) return n;
  }
  return convs.empty() ? Node() : convs.front();
}

Node FileAnchors::Impl::layer(const std::string& name) const {
  if (name.empty()) return {};
  const std::vector<std::string> parts = split(name, '.');
  const std::string& last = parts.back();
  if (!isNumber(last)) {
    if (Node c = assignedCall("self." + last)) return c;
    return assignedCall(last);
  }
  // `features.0`: the 0th module of the Sequential assigned to self.features; `0`: of the model.
  Node seq;
  if (parts.size() >= 2) {
    const std::string& owner = parts[parts.size() - 2];
    seq = assignedCall("self." + owner);
    if (!seq) seq = assignedCall(owner);
  } else if (!sequentials.empty()) {
    seq = sequentials.front();
  }
  if (!seq) return {};
  return ast::positional(seq, static_cast<std::size_t>(std::stoul(last)));
}

Node FileAnchors::Impl::modelDefinition(const ModelInfo& m) const {
  const std::string_view src = *text;
  if (!m.modelClass.empty()) {
    for (const auto& c : model->classes()) {
      if (c.name == m.modelClass) return c.node.field("name");
    }
  }
  if (!model->networks().empty()) {
    Node d = model->networks().front()->definition;
    if (d.is("class_definition")) return d.field("name");
    if (d.is("call")) return d.field("function");
    return d;
  }
  (void)src;
  return sequentials.empty() ? Node() : sequentials.front().field("function");
}

FileAnchors::Impl::DataVar FileAnchors::Impl::dataVariable() const {
  const std::string_view src = *text;
  auto bindingOf = [&](Node use) -> DataVar {
    use = ast::unparen(use);
    if (!use || !use.is("identifier")) return {};
    const auto* b = model->lookup(use.text(src), use);
    if (!b || !b->statement) return {};
    using K = checks::model::BindingKind;
    if (b->kind != K::Assign && b->kind != K::Unpack) return {};
    return {b->statement, std::string(use.text(src))};
  };
  if (!fits.empty()) {
    if (DataVar d = bindingOf(ast::argument(fits.front(), 0, "x", src)); d.statement) return d;
  }
  if (!datasets.empty()) {
    if (DataVar d = bindingOf(ast::positional(datasets.front(), 0)); d.statement) return d;
  }
  return {};
}

Node FileAnchors::Impl::trainingLoop(const ModelInfo& m) const {
  const auto& loops = model->loops();
  if (m.logLine > 0 && static_cast<std::size_t>(m.logLine) <= lines.lineCount()) {
    const std::size_t off = lines.lineStart(static_cast<std::size_t>(m.logLine - 1));
    Node best;
    for (Node l : loops) {
      if (l.begin() <= off && off < l.end() && (!best || l.begin() >= best.begin())) best = l;
    }
    if (best) return best;
  }
  for (Node l : loops) {  // outermost loop that runs backward()
    for (Node b : backwards) {
      if (ast::contains(l, b)) return l;
    }
  }
  return {};
}

Node FileAnchors::Impl::loss() const {
  const std::string_view src = *text;
  for (Node c : compiles) {
    if (Node k = ast::keywordArgument(c, "loss", src)) return k;
  }
  if (!losses.empty()) return losses.front().field("function");
  return {};
}

Node FileAnchors::Impl::validation() const {
  const std::string_view src = *text;
  for (Node f : fits) {
    for (const char* kw : {"validation_data", "validation_split"}) {
      if (Node k = ast::keywordArgument(f, kw, src)) return k;
    }
  }
  for (Node l : loaders) {
    const std::string target = ast::dottedName(l.parent().field("left"), src);
    if (target.find("val") != std::string::npos || target.find("test") != std::string::npos) {
      return ast::statementOf(l);
    }
  }
  return {};
}

}  // namespace mlide::training
