// SemanticModel: the one walk over the tree (ModelBuilder) and name resolution.
// Evaluation (definitions, numbers, chains, layers) is in Evaluate.cpp; networks in Networks.cpp.
#include "plugins/checks/model/SemanticModel.hpp"

#include <algorithm>
#include <limits>

#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/model/ModelBuilder.hpp"

namespace mlide::checks::model {

using py::Node;

namespace {

bool isMainGuard(Node ifStatement, std::string_view src) {
  Node cond = ast::unparen(ifStatement.field("condition"));
  if (!cond.is("comparison_operator")) return false;
  const std::string_view t = cond.text(src);
  return t.find("__name__") != std::string_view::npos && t.find("__main__") != std::string_view::npos;
}

bool isGuardBlock(Node block, std::string_view src) {
  Node p = block.parent();
  if (!p) return false;
  const std::string_view t = p.type();
  if (t == "if_statement") return !isMainGuard(p, src);
  if (t == "else_clause") {
    Node gp = p.parent();
    return !(gp && gp.is("if_statement") && isMainGuard(gp, src)) && !(gp && gp.is("try_statement"));
  }
  return t == "elif_clause" || t == "except_clause" || t == "except_group_clause" || t == "case_clause";
}

}  // namespace

Status ModelBuilder::run(const CancellationToken& cancel) {
  Scope module;
  module.kind = Scope::Kind::Module;
  module.node = m_.tree_->root();
  m_.scopes_.push_back(module);
  m_.byScope_.emplace_back();

  std::vector<Frame> stack;
  Node root = m_.tree_->root();
  const std::vector<Node> top = root.children();
  for (auto it = top.rbegin(); it != top.rend(); ++it) stack.push_back({*it, 0, Node{}});
  std::size_t steps = 0;
  while (!stack.empty()) {
    if ((++steps & 0xFFF) == 0 && cancel.cancelled()) return makeError(ErrorCode::Cancelled, "lint cancelled");
    Frame f = stack.back();
    stack.pop_back();
    visit(f, stack);
  }
  resolve();
  return okStatus();
}

void ModelBuilder::pushChildren(Node n, int scope, Node guard, std::vector<Frame>& stack) {
  const std::vector<Node> kids = n.namedChildren();
  for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, scope, guard});
}

void ModelBuilder::visit(const Frame& f, std::vector<Frame>& stack) {
  Node n = f.node;
  const std::string_view t = n.type();
  if (t == "comment") {
    m_.comments_.push_back(n);
    return;
  }
  if (t == "import_statement" || t == "import_from_statement") {
    onImport(n);
    return;
  }
  if (t == "function_definition") {
    onFunction(n, f.scope, f.guard, stack);
    return;
  }
  if (t == "class_definition") {
    onClass(n, f.scope, f.guard, stack);
    return;
  }
  Node guard = f.guard;
  if (t == "block" && isGuardBlock(n, src_)) guard = n;
  if (t == "assignment") {
    Node stmt = ast::statementOf(n);
    Node right = n.field("right");
    // `a = b = v`: every target is bound to the innermost value.
    Node value = right;
    while (value.is("assignment")) value = value.field("right");
    if (right) bindTarget(n.field("left"), stmt, value, BindingKind::Assign, {}, f.scope, guard);
  } else if (t == "augmented_assignment") {
    m_.augAssigns_.push_back(n);
    Node left = n.field("left");
    if (left.is("identifier") || left.is("attribute")) {
      bindTarget(left, ast::statementOf(n), n.field("right"), BindingKind::AugAssign, {}, f.scope, guard);
    }
  } else if (t == "for_statement") {
    m_.loops_.push_back(n);
    bindTarget(n.field("left"), n, n.field("right"), BindingKind::ForTarget, {}, f.scope, guard,
               n.field("right").end());
  } else if (t == "while_statement") {
    m_.loops_.push_back(n);
  } else if (t == "with_item") {
    Node v = n.field("value");
    if (v.is("as_pattern")) {
      Node alias = v.field("alias");
      if (alias && alias.namedChildCount() > 0) {
        bindTarget(alias.namedChild(0), ast::statementOf(n), v.namedChild(0), BindingKind::WithTarget, {},
                   f.scope, guard, n.end());
      }
    }
  } else if (t == "call") {
    CallSite c;
    c.node = n;
    c.scope = f.scope;
    m_.calls_.push_back(c);
  }
  pushChildren(n, f.scope, guard, stack);
}

void ModelBuilder::onImport(Node n) {
  if (n.is("import_statement")) {
    for (Node c : n.namedChildren()) {
      if (c.is("dotted_name")) {
        const std::string full(c.text(src_));
        const std::string head = full.substr(0, full.find('.'));
        m_.imports_.bind(head, head);
      } else if (c.is("aliased_import")) {
        m_.imports_.bind(std::string(c.field("alias").text(src_)), std::string(c.field("name").text(src_)));
      }
    }
    return;
  }
  Node module = n.field("module_name");
  if (!module || module.is("relative_import")) return;  // local modules: nothing we know
  const std::string base(module.text(src_));
  for (Node c : n.namedChildren()) {
    if (c == module) continue;
    if (c.is("wildcard_import")) {
      m_.imports_.addStar(base);
    } else if (c.is("dotted_name")) {
      const std::string name(c.text(src_));
      m_.imports_.bind(name, base + "." + name);
    } else if (c.is("aliased_import")) {
      m_.imports_.bind(std::string(c.field("alias").text(src_)),
                       base + "." + std::string(c.field("name").text(src_)));
    }
  }
}

int ModelBuilder::addScope(Scope s) {
  m_.scopes_.push_back(std::move(s));
  m_.byScope_.emplace_back();
  const int id = static_cast<int>(m_.scopes_.size()) - 1;
  m_.scopeByStart_[m_.scopes_.back().node.begin()] = id;
  return id;
}

void ModelBuilder::onFunction(Node n, int scope, Node guard, std::vector<Frame>& stack) {
  Node name = n.field("name");
  addBinding({std::string(name.text(src_)), BindingKind::Definition, scope, n.begin(), ast::statementOf(n), name, n, {}, guard});
  Scope s;
  s.kind = Scope::Kind::Function;
  s.node = n;
  s.name = std::string(name.text(src_));
  const Scope& outer = m_.scopes_[scope];
  if (outer.kind == Scope::Kind::Class) {
    s.parent = outer.parent;
    s.classScope = scope;
  } else {
    s.parent = scope;
  }
  Node params = n.field("parameters");
  std::vector<std::pair<std::string, Node>> found;
  for (Node p : params.namedChildren()) {
    Node id;
    Node dflt;
    if (p.is("identifier")) id = p;
    else if (p.is("default_parameter") || p.is("typed_default_parameter")) {
      id = p.field("name");
      dflt = p.field("value");
    } else if (p.is("typed_parameter")) {
      id = p.namedChild(0);
    }
    if (id.is("identifier")) found.emplace_back(std::string(id.text(src_)), dflt);
    else found.emplace_back(std::string(), Node{});  // *args etc. keep positions honest
  }
  for (auto& [pname, d] : found) s.params.push_back(pname);
  const int id = addScope(std::move(s));
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].first.empty()) continue;
    addBinding({found[i].first, BindingKind::Param, id, n.begin(), n, params, found[i].second, {static_cast<int>(i)}, Node{}});
  }
  // Defaults and decorators run in the enclosing scope; the body in the new one.
  pushChildren(params, scope, guard, stack);
  if (Node body = n.field("body")) stack.push_back({body, id, Node{}});
}

void ModelBuilder::onClass(Node n, int scope, Node guard, std::vector<Frame>& stack) {
  Node name = n.field("name");
  addBinding({std::string(name.text(src_)), BindingKind::Definition, scope, n.begin(), ast::statementOf(n), name, n, {}, guard});
  Scope s;
  s.kind = Scope::Kind::Class;
  s.node = n;
  s.name = std::string(name.text(src_));
  s.parent = m_.scopes_[scope].kind == Scope::Kind::Class ? m_.scopes_[scope].parent : scope;
  const int id = addScope(std::move(s));
  ClassInfo info;
  info.node = n;
  info.name = std::string(name.text(src_));
  info.scope = id;
  m_.classes_.push_back(std::move(info));
  if (Node supers = n.field("superclasses")) pushChildren(supers, scope, guard, stack);
  if (Node body = n.field("body")) stack.push_back({body, id, Node{}});
}

void ModelBuilder::bindTarget(Node target, Node stmt, Node value, BindingKind kind, std::vector<int> path, int scope,
                              Node guard, std::size_t offset) {
  if (!target) return;
  if (offset == 0) offset = stmt ? stmt.end() : target.end();
  const std::string_view t = target.type();
  if (t == "identifier") {
    addBinding({std::string(target.text(src_)), path.empty() ? kind : (kind == BindingKind::Assign ? BindingKind::Unpack : kind),
                scope, offset, stmt, target, value, std::move(path), guard});
    return;
  }
  if (t == "attribute") {
    // self.x = ... inside a method: an attribute of the class.
    const Scope& s = m_.scopes_[scope];
    Node obj = target.field("object");
    if (s.kind == Scope::Kind::Function && s.classScope >= 0 && !s.params.empty() && obj.is("identifier") &&
        obj.text(src_) == s.params[0]) {
      addBinding({"self." + std::string(target.field("attribute").text(src_)), kind, s.classScope, offset, stmt, target,
                  value, std::move(path), guard});
    }
    return;
  }
  if (t == "pattern_list" || t == "tuple_pattern" || t == "list_pattern" || t == "tuple" || t == "list" ||
      t == "parenthesized_expression") {
    int i = 0;
    for (Node c : target.namedChildren()) {
      if (c.is("comment")) continue;
      std::vector<int> p = path;
      if (t != "parenthesized_expression") p.push_back(i++);
      bindTarget(c, stmt, value, kind, std::move(p), scope, guard, offset);
    }
  }
}

void ModelBuilder::addBinding(Binding b) {
  const int id = static_cast<int>(m_.bindings_.size());
  auto& ids = m_.byScope_[b.scope][b.name];
  m_.bindings_.push_back(std::move(b));
  ids.push_back(id);
}

void ModelBuilder::resolve() {
  // Calls: canonical callee, method, local classes.
  std::unordered_map<std::string, int> classByName;
  for (std::size_t i = 0; i < m_.classes_.size(); ++i) classByName[m_.classes_[i].name] = static_cast<int>(i);
  for (std::size_t i = 0; i < m_.calls_.size(); ++i) {
    CallSite& c = m_.calls_[i];
    Node fn = c.node.field("function");
    c.callee = m_.canonical(fn);
    c.method = ast::methodName(c.node, src_);
    if (fn.is("identifier")) {
      auto it = classByName.find(std::string(fn.text(src_)));
      if (it != classByName.end()) {
        const Binding* b = m_.lookup(fn.text(src_), fn);
        if (b && b->kind == BindingKind::Definition && b->value.is("class_definition")) c.localClass = it->second;
      }
    }
    m_.callByEnd_.emplace(c.node.end(), static_cast<int>(i));
    if (fn.is("identifier")) m_.callsByName_[std::string(fn.text(src_))].push_back(static_cast<int>(i));
  }
  // Class bases and frameworks, through local inheritance.
  for (ClassInfo& k : m_.classes_) {
    Node supers = k.node.field("superclasses");
    if (!supers) continue;
    for (Node b : supers.namedChildren()) {
      if (b.is("keyword_argument")) continue;
      std::string canon = m_.canonical(b);
      if (canon.empty()) canon = std::string(b.text(src_));
      k.bases.push_back(std::move(canon));
    }
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (ClassInfo& k : m_.classes_) {
      if (k.framework != Framework::Unknown) continue;
      for (const std::string& b : k.bases) {
        Framework f = modelBaseFramework(b);
        bool lightning = isLightningModule(b);
        if (f == Framework::Unknown) {
          auto it = classByName.find(b);
          if (it != classByName.end()) {
            f = m_.classes_[it->second].framework;
            lightning = m_.classes_[it->second].lightning;
          }
        }
        if (f != Framework::Unknown) {
          k.framework = f;
          k.lightning = k.lightning || lightning;
          changed = true;
          break;
        }
      }
    }
  }
  buildNetworks();
}

// ---- name resolution ----------------------------------------------------------------------

std::string SemanticModel::canonical(Node expr) const {
  expr = ast::unparen(expr);
  if (expr.is("call")) expr = expr.field("function");
  const std::string dotted = ast::dottedName(expr, source());
  if (dotted.empty()) return {};
  return imports_.resolve(dotted, [](std::string_view c) { return isKnownApi(c); });
}

const CallSite* SemanticModel::callAt(Node call) const {
  auto it = callByEnd_.find(call.end());
  if (it == callByEnd_.end()) return nullptr;
  const CallSite& c = calls_[static_cast<std::size_t>(it->second)];
  return c.node == call ? &c : nullptr;
}

int SemanticModel::scopeOf(Node n) const {
  for (Node p = n.parent(); p; p = p.parent()) {
    if (p.is("function_definition") || p.is("class_definition")) {
      // A node in a function's parameter list or a class's bases belongs to the outer scope.
      Node body = p.field("body");
      if (!ast::contains(body, n)) continue;
      auto it = scopeByStart_.find(p.begin());
      if (it != scopeByStart_.end()) return it->second;
    }
  }
  return 0;
}

const Binding* SemanticModel::pick(const std::vector<int>& ids, std::size_t pos, Node use) const {
  const Binding* latest = nullptr;
  int count = 0;
  for (int id : ids) {
    const Binding& b = bindings_[static_cast<std::size_t>(id)];
    if (b.offset > pos) break;
    latest = &b;
    ++count;
  }
  if (!latest) return nullptr;
  if (!latest->guard || ast::contains(latest->guard, use)) return latest;
  return count == 1 ? latest : nullptr;  // two bindings may reach the use: ambiguous
}

const Binding* SemanticModel::lookup(std::string_view name, Node use) const {
  int s = scopeOf(use);
  bool first = true;
  const std::string key(name);
  while (s >= 0) {
    const Scope& scope = scopes_[static_cast<std::size_t>(s)];
    if (!(scope.kind == Scope::Kind::Class && !first)) {
      auto it = byScope_[static_cast<std::size_t>(s)].find(key);
      if (it != byScope_[static_cast<std::size_t>(s)].end()) {
        const std::size_t pos = (scope.kind == Scope::Kind::Module && !first) ? std::numeric_limits<std::size_t>::max()
                                                                             : use.begin();
        bool anyBefore = false;
        for (int id : it->second) anyBefore = anyBefore || bindings_[static_cast<std::size_t>(id)].offset <= pos;
        if (anyBefore) return pick(it->second, pos, use);
      }
    }
    s = scope.parent;
    first = false;
  }
  return nullptr;
}

const Binding* SemanticModel::lookupAttribute(int classScope, std::string_view attr) const {
  if (classScope < 0) return nullptr;
  auto it = byScope_[static_cast<std::size_t>(classScope)].find("self." + std::string(attr));
  if (it == byScope_[static_cast<std::size_t>(classScope)].end()) return nullptr;
  std::vector<const Binding*> init;
  std::vector<const Binding*> all;
  for (int id : it->second) {
    const Binding& b = bindings_[static_cast<std::size_t>(id)];
    all.push_back(&b);
    Node fn = ast::enclosingFunction(b.target);
    if (fn && fn.field("name").text(source()) == "__init__") init.push_back(&b);
  }
  const auto& c = init.empty() ? all : init;
  if (c.size() == 1) return c[0];
  for (const Binding* b : c) {
    if (b->guard) return nullptr;
  }
  return c.back();
}

std::vector<const Binding*> SemanticModel::bindings(int scope, std::string_view name) const {
  std::vector<const Binding*> out;
  if (scope < 0 || static_cast<std::size_t>(scope) >= byScope_.size()) return out;
  auto it = byScope_[static_cast<std::size_t>(scope)].find(std::string(name));
  if (it == byScope_[static_cast<std::size_t>(scope)].end()) return out;
  for (int id : it->second) out.push_back(&bindings_[static_cast<std::size_t>(id)]);
  return out;
}

Node ClassInfo::method(std::string_view wanted, std::string_view src) const {
  Node body = node.field("body");
  for (Node s : body.namedChildren()) {
    Node def = s.is("decorated_definition") ? s.field("definition") : s;
    if (def.is("function_definition") && def.field("name").text(src) == wanted) return def;
  }
  return {};
}

const ClassInfo* SemanticModel::enclosingClassInfo(Node n) const {
  Node k = ast::enclosingClass(n);
  if (!k) return nullptr;
  for (const ClassInfo& c : classes_) {
    if (c.node == k) return &c;
  }
  return nullptr;
}

Expected<std::shared_ptr<const SemanticModel>> SemanticModel::build(std::shared_ptr<const py::SyntaxTree> tree,
                                                                    const CancellationToken& cancel) {
  auto model = std::make_shared<SemanticModel>();
  model->tree_ = std::move(tree);
  ModelBuilder builder(*model);
  if (Status s = builder.run(cancel); !s.ok()) return s.takeError();
  return std::shared_ptr<const SemanticModel>(std::move(model));
}

}  // namespace mlide::checks::model
