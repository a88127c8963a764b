// SemanticModel: networks (Sequential, model.add, functional, subclassed) and the data-flow
// evaluator chainOf().
#include <algorithm>

#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/model/ModelBuilder.hpp"
#include "plugins/checks/model/SemanticModel.hpp"

namespace mlide::checks::model {

using py::Node;

namespace {

constexpr int kMaxChainDepth = 48;

Chain unknownChain(Node at) {
  Chain c;
  Layer l;
  l.kind = LayerKind::Unknown;
  l.node = at;
  c.ops.push_back(std::move(l));
  return c;
}

Layer functionalOp(LayerKind kind, std::string name, Node call, std::string activation = {}) {
  Layer l;
  l.kind = kind;
  l.framework = name.rfind("torch", 0) == 0 ? Framework::Torch : Framework::Keras;
  l.name = std::move(name);
  l.node = call;
  l.activation = std::move(activation);
  l.functional = true;
  return l;
}

bool isKerasSequential(std::string_view c) { return c == "keras.Sequential" || c == "keras.models.Sequential"; }
bool isKerasModel(std::string_view c) { return c == "keras.Model" || c == "keras.models.Model"; }

bool isReshapeMethod(std::string_view m) {
  return m == "view" || m == "reshape" || m == "squeeze" || m == "unsqueeze" || m == "permute" ||
         m == "transpose" || m == "view_as" || m == "expand" || m == "expand_as";
}
bool isTransparentMethod(std::string_view m) {
  return m == "to" || m == "cuda" || m == "cpu" || m == "float" || m == "double" || m == "half" || m == "detach" ||
         m == "contiguous" || m == "clone" || m == "type" || m == "bfloat16";
}

LayerKind functionKind(std::string_view c) {
  if (c == "torch.flatten" || c == "keras.layers.flatten") return LayerKind::Flatten;
  if (c == "torch.reshape" || c == "torch.squeeze" || c == "torch.unsqueeze" || c == "torch.permute" ||
      c == "torch.transpose" || c == "tensorflow.reshape" || c == "tensorflow.transpose" ||
      c == "torch.nn.functional.interpolate" || c == "torch.nn.functional.pad") {
    return LayerKind::Reshape;
  }
  if (c.rfind("torch.nn.functional.", 0) == 0) {
    std::string_view f = c.substr(20);
    if (f.find("pool") != std::string_view::npos) return LayerKind::Pooling;
    if (f.find("dropout") != std::string_view::npos) return LayerKind::Dropout;
    if (f == "batch_norm" || f == "layer_norm" || f == "group_norm" || f == "instance_norm" || f == "normalize") {
      return LayerKind::Normalization;
    }
  }
  if (c == "tensorflow.nn.dropout") return LayerKind::Dropout;
  if (c.rfind("tensorflow.nn.", 0) == 0 && c.find("pool") != std::string_view::npos) return LayerKind::Pooling;
  return LayerKind::Unknown;
}

// Marks ops of an inner chain appended under a loop or branch.
void markConditional(Chain& c) {
  for (Layer& l : c.ops) l.conditional = true;
}

}  // namespace

Chain SemanticModel::chainOf(Node expr) const { return chainOf(expr, 0); }

Chain SemanticModel::chainOf(Node e, int depth) const {
  e = ast::unparen(e);
  if (!e || depth > kMaxChainDepth) return unknownChain(e);
  const std::string_view src = source();
  if (e.is("identifier")) {
    const Binding* b = lookup(e.text(src), e);
    if (!b) return unknownChain(e);
    if (b->kind == BindingKind::Param) {
      const Scope& s = scopes_[static_cast<std::size_t>(b->scope)];
      if (s.classScope >= 0 && !b->path.empty() && b->path[0] == 0) return unknownChain(e);  // self
      Chain c;
      c.fromInput = true;
      return c;
    }
    if (b->kind == BindingKind::Assign) return chainOf(b->value, depth + 1);
    return unknownChain(e);
  }
  if (!e.is("call")) return unknownChain(e);

  Node fn = e.field("function");
  auto input = [&](Node call) {
    Node a = ast::positional(call, 0);
    if (!a) a = ast::keywordValue(call, "input", src);
    if (!a) a = ast::keywordValue(call, "inputs", src);
    if (!a) a = ast::keywordValue(call, "x", src);
    return a ? chainOf(a, depth + 1) : unknownChain(call);
  };
  // Applying a network or a layer object to `arg`.
  auto applyNetwork = [&](const Network& net, Node call) {
    Chain c = input(call);
    if (!net.chain.fromInput && (net.chain.ops.empty() || net.chain.ops.front().known())) {
      c.append(unknownChain(call));
    }
    c.append(net.chain);
    return c;
  };

  if (fn.is("call")) {  // Keras functional style: Dense(10)(x)
    if (auto layer = layerAt(fn)) {
      Chain c = input(e);
      c.ops.push_back(std::move(*layer));
      return c;
    }
    if (const Network* net = networkAt(fn)) return applyNetwork(*net, e);
    return unknownChain(e);
  }
  const CallSite* site = callAt(e);
  const std::string callee = site ? site->callee : canonical(e);
  if (callee == "keras.layers.Input" || callee == "keras.Input") {
    Chain c;
    c.fromInput = true;
    return c;
  }
  if (!callee.empty()) {
    if (auto act = functionalActivation(callee)) {
      Chain c = input(e);
      c.ops.push_back(functionalOp(LayerKind::Activation, callee, e, std::string(*act)));
      return c;
    }
    const LayerKind k = functionKind(callee);
    if (k != LayerKind::Unknown) {
      Chain c = input(e);
      Layer op = functionalOp(k, callee, e);
      if (k == LayerKind::Dropout) op.rate = evalNumber(ast::argument(e, 1, "p", src));
      c.ops.push_back(std::move(op));
      return c;
    }
  }
  const std::string_view method = ast::methodName(e, src);
  if (!method.empty() && callee.empty()) {
    Node recv = ast::receiver(e);
    if (auto act = methodActivation(method)) {
      Chain c = chainOf(recv, depth + 1);
      c.ops.push_back(functionalOp(LayerKind::Activation, std::string("Tensor.") + std::string(method), e, std::string(*act)));
      return c;
    }
    if (isReshapeMethod(method) || method == "flatten") {
      Chain c = chainOf(recv, depth + 1);
      c.ops.push_back(functionalOp(method == "flatten" ? LayerKind::Flatten : LayerKind::Reshape,
                                   std::string("Tensor.") + std::string(method), e));
      return c;
    }
    if (isTransparentMethod(method)) return chainOf(recv, depth + 1);
  }
  // `self(x)` inside a model's method: the model itself.
  if (fn.is("identifier")) {
    const int s = scopeOf(fn);
    const Scope& scope = scopes_[static_cast<std::size_t>(s)];
    if (scope.classScope >= 0 && !scope.params.empty() && fn.text(src) == scope.params[0]) {
      if (const ClassInfo* k = enclosingClassInfo(fn)) {
        if (const Network* net = classNetwork(static_cast<int>(k - classes_.data()))) return applyNetwork(*net, e);
      }
      return unknownChain(e);
    }
  }
  // A layer or model object: `self.fc1(x)`, `model(x)`, `dense(x)`.
  Node d = definitionOf(fn, depth + 1);
  if (d && d.is("call") && !(d == e)) {
    if (auto layer = layerAt(d)) {
      Chain c = input(e);
      c.ops.push_back(std::move(*layer));
      return c;
    }
    if (const Network* net = networkAt(d)) return applyNetwork(*net, e);
    if (const ClassInfo* k = classOf(d)) {
      if (const Network* net = classNetwork(static_cast<int>(k - classes_.data()))) return applyNetwork(*net, e);
    }
  }
  return unknownChain(e);
}

// ---- building networks --------------------------------------------------------------------

namespace {

// The variable a definition call is assigned to: `model = Sequential(...)` -> "model".
std::string boundName(Node call, std::string_view src) {
  Node p = call.parent();
  if (p && p.is("assignment") && p.field("right") == call) return std::string(p.field("left").text(src));
  return {};
}

// True when `inner` runs a different number of times than `outer`'s statement: it sits in a
// loop, a branch, or another function.
bool runsConditionally(Node inner, Node outer) {
  Node stop = outer.parent();
  for (Node p = inner.parent(); p && !(p == stop); p = p.parent()) {
    const std::string_view t = p.type();
    if (ast::contains(p, outer)) break;
    if (t == "for_statement" || t == "while_statement" || t == "if_statement" || t == "try_statement" ||
        t == "function_definition" || t == "with_statement" || t == "match_statement" ||
        t == "conditional_expression" || t == "list_comprehension") {
      return true;
    }
  }
  return false;
}

}  // namespace

void ModelBuilder::buildNetworks() {
  const std::string_view src = src_;
  SemanticModel& m = m_;
  auto layerOrUnknown = [&](Node item, Chain& into) {
    Node d = ast::unparen(item);
    if (d.is("identifier")) {
      Node def = m.definitionOf(d);
      if (def) d = def;
    }
    if (auto l = m.layerAt(d)) {
      if (l->kind != LayerKind::Input) into.ops.push_back(std::move(*l));
      return;
    }
    if (d.is("call")) {
      const std::string c = m.canonical(d);
      if (c == "torch.nn.Sequential") {
        if (const Network* inner = m.networkAt(d)) {
          into.append(inner->chain);
          return;
        }
      }
    }
    into.append(unknownChain(item));
  };

  // Sequential models.
  for (const CallSite& c : m.calls_) {
    const bool keras = isKerasSequential(c.callee);
    const bool torch = c.callee == "torch.nn.Sequential";
    if (!keras && !torch) continue;
    auto net = std::make_unique<Network>();
    net->definition = c.node;
    net->name = boundName(c.node, src);
    net->framework = torch ? Framework::Torch : Framework::Keras;
    net->chain.fromInput = true;
    if (keras) {
      net->style = Network::Style::KerasSequential;
      Node layers = ast::argument(c.node, 0, "layers", src);
      if (layers && ast::unparen(layers).is("identifier")) layers = m.definitionOf(layers);
      layers = ast::unparen(layers);
      if (layers && (layers.is("list") || layers.is("tuple"))) {
        for (Node item : layers.namedChildren()) {
          if (!item.is("comment")) layerOrUnknown(item, net->chain);
        }
      } else if (layers) {
        net->chain = unknownChain(layers);
      }
    } else if (torch) {
      net->style = Network::Style::TorchSequential;
      if (ast::hasSplat(c.node)) {
        net->chain = unknownChain(c.node);
      } else {
        Node args = ast::arguments(c.node);
        for (Node item : args.namedChildren()) {
          if (item.is("comment") || item.is("keyword_argument")) continue;
          Node u = ast::unparen(item);
          // nn.Sequential(OrderedDict([('fc', nn.Linear(...)), ...]))
          if (u.is("call") && m.canonical(u) == "collections.OrderedDict") {
            Node list = ast::unparen(ast::positional(u, 0));
            if (!list || !list.is("list")) {
              net->chain.append(unknownChain(u));
              continue;
            }
            for (Node pair : list.namedChildren()) {
              if (pair.is("tuple") && pair.namedChildCount() == 2) layerOrUnknown(pair.namedChild(1), net->chain);
              else if (!pair.is("comment")) net->chain.append(unknownChain(pair));
            }
            continue;
          }
          layerOrUnknown(item, net->chain);
        }
      }
    }
    m.networkByStart_[c.node.begin()] = net.get();
    m.networks_.push_back(std::move(net));
  }
  // model.add(...) on Keras Sequential models, in document order.
  for (const CallSite& c : m.calls_) {
    if (c.method != "add" || !c.callee.empty()) continue;
    Node def = m.definitionOf(ast::receiver(c.node));
    if (!def) continue;
    auto it = m.networkByStart_.find(def.begin());
    if (it == m.networkByStart_.end() || !(it->second->definition == def)) continue;
    auto* net = const_cast<Network*>(it->second);
    if (net->style != Network::Style::KerasSequential) continue;
    Chain added;
    Node arg = ast::positional(c.node, 0);
    if (!arg) continue;
    layerOrUnknown(arg, added);
    if (runsConditionally(c.node, ast::statementOf(def))) markConditional(added);
    net->chain.append(added);
  }
  // Subclassed models.
  m.classNetworkState_.assign(m.classes_.size(), 0);
  m.classNetwork_.assign(m.classes_.size(), nullptr);
  for (std::size_t i = 0; i < m.classes_.size(); ++i) m.classNetwork(static_cast<int>(i));
  // Functional models last: their layers may be Sequential or subclassed models.
  for (const CallSite& c : m.calls_) {
    if (!isKerasModel(c.callee)) continue;
    Node outputs = ast::argument(c.node, 1, "outputs", src);
    Node u = ast::unparen(outputs);
    if (u && (u.is("list") || u.is("tuple")) && u.namedChildCount() == 1) u = u.namedChild(0);
    if (!u || u.is("list") || u.is("tuple") || u.is("dictionary")) continue;  // multi-output: skip
    auto net = std::make_unique<Network>();
    net->definition = c.node;
    net->name = boundName(c.node, src);
    net->framework = Framework::Keras;
    net->style = Network::Style::KerasFunctional;
    net->chain = m.chainOf(u);
    m.networkByStart_[c.node.begin()] = net.get();
    m.networks_.push_back(std::move(net));
  }
  std::stable_sort(m.networks_.begin(), m.networks_.end(),
                   [](const auto& a, const auto& b) { return a->definition.begin() < b->definition.begin(); });
}

const Network* SemanticModel::classNetwork(int index) const {
  if (index < 0 || static_cast<std::size_t>(index) >= classes_.size()) return nullptr;
  if (classNetworkState_.size() != classes_.size()) return nullptr;
  const std::size_t i = static_cast<std::size_t>(index);
  if (classNetworkState_[i] == 2) return classNetwork_[i];
  if (classNetworkState_[i] == 1) return nullptr;  // recursive model: no conclusion
  classNetworkState_[i] = 1;
  const ClassInfo& k = classes_[i];
  if (k.framework == Framework::Unknown) {
    classNetworkState_[i] = 2;
    return nullptr;
  }
  const std::string_view src = source();
  auto net = std::make_unique<Network>();
  net->definition = k.node;
  net->name = k.name;
  net->framework = k.framework;
  net->style = k.framework == Framework::Torch ? Network::Style::TorchModule : Network::Style::KerasSubclass;
  for (const auto& [name, ids] : byScope_[static_cast<std::size_t>(k.scope)]) {
    for (int id : ids) {
      const Binding& b = bindings_[static_cast<std::size_t>(id)];
      if (b.kind != BindingKind::Assign || !b.value.is("call")) continue;
      if (auto l = layerAt(b.value)) net->registered.push_back(std::move(*l));
      else if (const Network* inner = networkAt(b.value)) net->registered.insert(net->registered.end(), inner->chain.ops.begin(), inner->chain.ops.end());
    }
  }
  std::sort(net->registered.begin(), net->registered.end(),
            [](const Layer& a, const Layer& b) { return a.node.begin() < b.node.begin(); });
  Node forward = k.method(k.framework == Framework::Torch ? "forward" : "call", src);
  if (forward) {
    std::vector<Node> returns;
    ast::forEachInBody(forward.field("body"), [&](Node n) {
      if (n.is("return_statement")) returns.push_back(n);
      return true;
    });
    if (returns.size() == 1 && returns[0].parent() == forward.field("body") && returns[0].namedChildCount() == 1) {
      Node value = ast::unparen(returns[0].namedChild(0));
      if (value.is("tuple") || value.is("list") || value.is("dictionary")) net->chain = unknownChain(value);
      else net->chain = chainOf(value, 0);
    } else {
      net->chain = unknownChain(forward);
    }
  }
  classNetwork_[i] = net.get();
  networkByStart_[k.node.begin()] = net.get();
  networks_.push_back(std::move(net));
  classNetworkState_[i] = 2;
  return classNetwork_[i];
}

}  // namespace mlide::checks::model
