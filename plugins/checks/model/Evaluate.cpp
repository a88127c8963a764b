// SemanticModel: definitions, constants and layer construction.
#include <cmath>
#include <limits>

#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/model/SemanticModel.hpp"

namespace mlide::checks::model {

using py::Node;

namespace {

constexpr int kMaxDepth = 24;

// Methods that return the module they are called on.
bool returnsSelf(std::string_view m) {
  return m == "to" || m == "cuda" || m == "cpu" || m == "float" || m == "double" || m == "half" || m == "train" ||
         m == "eval" || m == "requires_grad_" || m == "bfloat16" || m == "to_empty";
}

// Calls that wrap a module and behave like it.
bool isWrapper(std::string_view c) {
  return c == "torch.nn.DataParallel" || c == "torch.nn.parallel.DistributedDataParallel" ||
         c == "torch.nn.parallel.DataParallel" || c == "torch.compile" || c == "torch.jit.script";
}

}  // namespace

Node SemanticModel::definitionOf(Node expr) const { return definitionOf(expr, 0); }

Node SemanticModel::definitionOf(Node e, int depth) const {
  e = ast::unparen(e);
  if (!e || depth > kMaxDepth) return {};
  const std::string_view src = source();
  if (e.is("identifier")) {
    const Binding* b = lookup(e.text(src), e);
    if (!b) return {};
    switch (b->kind) {
      case BindingKind::Assign: return definitionOf(b->value, depth + 1);
      case BindingKind::Param: return resolveParam(*b, depth + 1);
      case BindingKind::Definition: return b->value;
      default: return {};
    }
  }
  if (e.is("attribute")) {
    Node obj = e.field("object");
    if (obj.is("identifier")) {
      const int s = scopeOf(e);
      const Scope& scope = scopes_[static_cast<std::size_t>(s)];
      if (scope.kind == Scope::Kind::Function && scope.classScope >= 0 && !scope.params.empty() &&
          obj.text(src) == scope.params[0]) {
        const Binding* b = lookupAttribute(scope.classScope, e.field("attribute").text(src));
        return b && b->kind == BindingKind::Assign ? definitionOf(b->value, depth + 1) : Node{};
      }
    }
    return e;
  }
  if (e.is("call")) {
    const std::string_view m = ast::methodName(e, src);
    if (!m.empty() && returnsSelf(m) && ast::positionalCount(e) <= 1) {
      Node r = definitionOf(ast::receiver(e), depth + 1);
      if (r && (r.is("call") && (networkAt(r) || classOf(r) || layerAt(r)))) return r;
      return e;
    }
    if (isWrapper(canonical(e))) {
      Node inner = definitionOf(ast::positional(e, 0), depth + 1);
      return inner ? inner : e;
    }
  }
  return e;
}

Node SemanticModel::resolveParam(const Binding& param, int depth) const {
  const Scope& fn = scopes_[static_cast<std::size_t>(param.scope)];
  if (fn.classScope >= 0 || param.path.empty() || depth > kMaxDepth) return {};
  const std::size_t index = static_cast<std::size_t>(param.path[0]);
  const std::string_view src = source();
  Node agreed;
  bool any = false;
  auto named = callsByName_.find(fn.name);
  if (named == callsByName_.end()) return {};
  for (int ci : named->second) {
    const CallSite& c = calls_[static_cast<std::size_t>(ci)];
    Node f = c.node.field("function");
    const Binding* def = lookup(fn.name, f);
    if (!def || def->kind != BindingKind::Definition || !(def->value == fn.node)) continue;
    if (ast::hasSplat(c.node)) return {};
    Node arg = ast::argument(c.node, index, param.name, src);
    if (!arg) return {};
    Node d = definitionOf(arg, depth + 1);
    if (!d) return {};
    if (any && !(d == agreed)) return {};
    agreed = d;
    any = true;
  }
  return agreed;
}

std::string SemanticModel::constructorOf(Node expr) const {
  Node d = definitionOf(expr);
  if (!d || !d.is("call")) return {};
  if (const CallSite* c = callAt(d)) return c->callee;
  return canonical(d);
}

std::optional<double> SemanticModel::evalNumber(Node expr) const { return evalNumber(expr, 0); }

std::optional<double> SemanticModel::evalNumber(Node e, int depth) const {
  e = ast::unparen(e);
  if (!e || depth > kMaxDepth) return std::nullopt;
  const std::string_view src = source();
  if (auto v = ast::numberLiteral(e, src)) return v;
  if (e.is("identifier")) {
    const Binding* b = lookup(e.text(src), e);
    if (!b || b->kind != BindingKind::Assign) return std::nullopt;
    // A name re-bound by augmented assignment is not a constant.
    for (const Binding* o : bindings(b->scope, b->name)) {
      if (o->kind != BindingKind::Assign) return std::nullopt;
    }
    return evalNumber(b->value, depth + 1);
  }
  if (e.is("unary_operator")) {
    auto v = evalNumber(e.field("argument"), depth + 1);
    if (!v) return std::nullopt;
    const std::string_view op = e.child(0).text(src);
    if (op == "-") return -*v;
    if (op == "+") return *v;
    return std::nullopt;
  }
  if (e.is("binary_operator")) {
    auto l = evalNumber(e.field("left"), depth + 1);
    auto r = evalNumber(e.field("right"), depth + 1);
    if (!l || !r) return std::nullopt;
    const std::string_view op = e.field("operator").text(src);
    if (op == "+") return *l + *r;
    if (op == "-") return *l - *r;
    if (op == "*") return *l * *r;
    if (op == "/" && *r != 0) return *l / *r;
    if (op == "**") return std::pow(*l, *r);
    return std::nullopt;
  }
  if (e.is("call")) {
    Node f = e.field("function");
    if (f.is("identifier") && (f.text(src) == "float" || f.text(src) == "int") && ast::positionalCount(e) == 1) {
      return evalNumber(ast::positional(e, 0), depth + 1);
    }
  }
  return std::nullopt;
}

std::optional<std::string> SemanticModel::evalString(Node e) const {
  e = ast::unparen(e);
  for (int depth = 0; e && depth < kMaxDepth; ++depth) {
    if (auto s = ast::stringValue(e, source())) return s;
    if (!e.is("identifier")) return std::nullopt;
    const Binding* b = lookup(e.text(source()), e);
    if (!b || b->kind != BindingKind::Assign) return std::nullopt;
    e = ast::unparen(b->value);
  }
  return std::nullopt;
}

Node SemanticModel::literalOf(Node e) const {
  e = ast::unparen(e);
  for (int depth = 0; e && depth < kMaxDepth; ++depth) {
    if (ast::numberLiteral(e, source()) || ast::stringValue(e, source()) || ast::isNone(e) || ast::boolLiteral(e)) {
      return e;
    }
    if (!e.is("identifier")) return {};
    const Binding* b = lookup(e.text(source()), e);
    if (!b || b->kind != BindingKind::Assign) return {};
    for (const Binding* o : bindings(b->scope, b->name)) {
      if (o->kind != BindingKind::Assign) return {};
    }
    e = ast::unparen(b->value);
  }
  return {};
}

namespace {

// The canonical activation an `activation=` value names: 'relu', None, tf.nn.relu,
// keras.activations.softmax, LeakyReLU(); "" when we cannot tell.
std::string activationValue(const SemanticModel& m, Node v) {
  v = ast::unparen(v);
  if (!v) return "linear";
  if (ast::isNone(v)) return "linear";
  if (auto s = m.evalString(v)) return std::string(normalizeActivation(*s));
  if (v.is("identifier") || v.is("attribute")) {
    const std::string c = m.canonical(v);
    if (auto a = functionalActivation(c)) return std::string(*a);
    if (c == "keras.activations.linear") return "linear";
    return {};
  }
  if (v.is("call")) {
    if (const LayerSpec* spec = findLayer(m.canonical(v)); spec && !spec->activation.empty()) {
      return std::string(spec->activation);
    }
  }
  return {};
}

}  // namespace

std::optional<Layer> SemanticModel::layerAt(Node call) const {
  call = ast::unparen(call);
  if (!call.is("call")) return std::nullopt;
  const CallSite* site = callAt(call);
  const std::string callee = site ? site->callee : canonical(call);
  const LayerSpec* spec = findLayer(callee);
  if (!spec) return std::nullopt;
  const std::string_view src = source();
  Layer l;
  l.kind = spec->kind;
  l.framework = spec->framework;
  l.name = std::string(spec->name);
  l.node = call;
  const bool keras = spec->framework == Framework::Keras;
  const std::string_view shortName = spec->name.substr(spec->name.rfind('.') + 1);
  switch (spec->kind) {
    case LayerKind::Weight: {
      if (keras) {
        Node kw = ast::keywordArgument(call, "activation", src);
        Node value = kw ? kw.field("value") : Node{};
        if (!kw && shortName == "Dense") {
          value = ast::positional(call, 1);
          kw = value;
        }
        l.activationArg = kw;
        l.activation = value ? activationValue(*this, value) : "linear";
        if (ast::hasSplat(call) && !kw) l.activation.clear();
        l.units = evalNumber(ast::argument(call, 0, shortName == "Dense" ? "units" : "filters", src));
      } else {
        l.activation = "linear";
        const bool linear = shortName.find("Linear") != std::string_view::npos;
        l.units = evalNumber(ast::argument(call, 1, linear ? "out_features" : "out_channels", src));
      }
      break;
    }
    case LayerKind::Activation: {
      if (!spec->activation.empty()) {
        l.activation = std::string(spec->activation);
      } else {  // keras Activation('relu')
        Node v = ast::argument(call, 0, "activation", src);
        l.activation = v ? activationValue(*this, v) : "";
        if (l.activation == "linear") l.kind = LayerKind::Reshape;  // Activation('linear') is the identity
      }
      break;
    }
    case LayerKind::Dropout:
      l.rate = evalNumber(ast::argument(call, 0, keras ? "rate" : "p", src));
      if (!keras && !ast::argument(call, 0, "p", src)) l.rate = 0.5;
      break;
    default:
      break;
  }
  return l;
}

const ClassInfo* SemanticModel::classOf(Node expr) const {
  Node d = definitionOf(expr);
  if (!d) return nullptr;
  if (d.is("call")) {
    const CallSite* c = callAt(d);
    if (c && c->localClass >= 0) return &classes_[static_cast<std::size_t>(c->localClass)];
    return nullptr;
  }
  if (d.is("class_definition")) {
    for (const ClassInfo& k : classes_) {
      if (k.node == d) return &k;
    }
  }
  return nullptr;
}

const Network* SemanticModel::networkAt(Node definition) const {
  auto it = networkByStart_.find(definition.begin());
  if (it != networkByStart_.end() && it->second->definition == definition) return it->second;
  for (std::size_t i = 0; i < classes_.size(); ++i) {
    if (classes_[i].node == definition) return classNetwork(static_cast<int>(i));
  }
  return nullptr;
}

const Network* SemanticModel::networkOf(Node expr) const {
  Node d = definitionOf(expr);
  if (!d) return nullptr;
  if (const Network* n = networkAt(d)) return n;
  if (const ClassInfo* k = classOf(d)) {
    return classNetwork(static_cast<int>(k - classes_.data()));
  }
  return nullptr;
}

}  // namespace mlide::checks::model
