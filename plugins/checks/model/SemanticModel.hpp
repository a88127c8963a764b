// The semantic model of one Python document: what the checks see instead of spelling.
//
//  - imports and aliases (Names.hpp), so `nn.Linear`, `torch.nn.Linear` and a star-imported
//    `Linear` are one thing;
//  - scopes and name bindings with their position, so a use resolves to the assignment that
//    reaches it (`LR = -1e3` at module level, `optimizer = Adam(lr=LR)` later);
//  - every call with its canonical callee;
//  - the networks the file builds (Keras Sequential / model.add / functional / subclassed,
//    torch nn.Sequential / nn.Module.__init__ + forward) as layer sequences (Network.hpp);
//  - a data-flow evaluator (`chainOf`) that tells which layers and activations produced a
//    value, used to link a loss call to the model output that feeds it.
//
// Built by one walk over the tree (SemanticModel::build). Precision first: whenever a fact is
// not certain (a name assigned in two branches, a layer added in a loop, a call through an
// unknown function), the model says "unknown" and rules stay silent.
//
// Lifetime: the model holds py::Node values that point into the SyntaxTree it was built from;
// keep the tree alive (SourceFile does) while using the model.
// Thread-safety: build() is single-threaded; afterwards the model is immutable and may be read
// concurrently.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/python/SyntaxTree.hpp"
#include "core/support/Cancellation.hpp"
#include "core/support/Expected.hpp"
#include "plugins/checks/model/Api.hpp"
#include "plugins/checks/model/Names.hpp"
#include "plugins/checks/model/Network.hpp"

namespace mlide::checks::model {

struct Scope {
  enum class Kind { Module, Function, Class };
  Kind kind = Kind::Module;
  py::Node node;           // module / function_definition / class_definition
  int parent = -1;         // enclosing scope for name resolution (class scopes are skipped)
  int classScope = -1;     // methods: the class scope their `self.x` attributes live in
  std::string name;
  std::vector<std::string> params;  // functions: parameter names in order (self included)
};

enum class BindingKind {
  Assign,      // x = value  (value: the right-hand side)
  Unpack,      // (a, b), c = value  (path: index of the target inside the patterns)
  AugAssign,   // x += value (value: the operand)
  ForTarget,   // for x in value
  WithTarget,  // with value as x
  Param,       // a function parameter (value: its default, if any)
  Definition,  // def x / class x / import x
};

struct Binding {
  std::string name;  // "x"; attributes of self are "self.x" in the class scope
  BindingKind kind = BindingKind::Assign;
  int scope = 0;
  std::size_t offset = 0;  // visible to uses at or after this byte
  py::Node statement;      // the statement that binds
  py::Node target;
  py::Node value;
  std::vector<int> path;   // Unpack
  py::Node guard;          // innermost if/elif/else/except/case block holding it, or null
};

struct CallSite {
  py::Node node;
  std::string callee;       // canonical API name when it resolves through imports, else ""
  std::string_view method;  // "m" for `x.m(...)`, else ""
  int scope = 0;
  int localClass = -1;      // index into classes() when the callee is a class of this file
};

struct ClassInfo {
  py::Node node;
  std::string name;
  int scope = -1;                  // the class scope
  std::vector<std::string> bases;  // canonical names, or local class names
  Framework framework = Framework::Unknown;  // through local inheritance too
  bool lightning = false;          // a LightningModule (the trainer handles loops and modes)
  py::Node method(std::string_view wanted, std::string_view src) const;
};

class SemanticModel {
 public:
  /// Walks `tree` once. Cancellation is polled between top-level statements.
  static Expected<std::shared_ptr<const SemanticModel>> build(std::shared_ptr<const py::SyntaxTree> tree,
                                                              const CancellationToken& cancel = {});

  const py::SyntaxTree& tree() const { return *tree_; }
  std::string_view source() const { return tree_->text(); }
  const ImportTable& imports() const { return imports_; }
  const std::vector<Scope>& scopes() const { return scopes_; }
  const std::vector<CallSite>& calls() const { return calls_; }
  const std::vector<ClassInfo>& classes() const { return classes_; }
  /// for/while statements, in document order.
  const std::vector<py::Node>& loops() const { return loops_; }
  /// augmented assignments (`x += y`), in document order.
  const std::vector<py::Node>& augmentedAssignments() const { return augAssigns_; }
  /// Comments, in document order (suppressions read them).
  const std::vector<py::Node>& comments() const { return comments_; }
  /// Every network the file builds, in document order of its definition.
  const std::vector<std::unique_ptr<Network>>& networks() const { return networks_; }

  /// The call site of a call node, or null.
  const CallSite* callAt(py::Node call) const;
  /// Canonical callee of any callable expression or call (`nn.Linear`, `F.relu`); "".
  std::string canonical(py::Node expr) const;
  /// The innermost function (or class body, or module) scope containing `n`.
  int scopeOf(py::Node n) const;

  /// The binding of `name` that reaches `use`. Null when unbound, or when two bindings in
  /// different branches may reach it (ambiguous).
  const Binding* lookup(std::string_view name, py::Node use) const;
  /// `self.<attr>` inside the methods of the class with scope `classScope`; prefers __init__.
  const Binding* lookupAttribute(int classScope, std::string_view attr) const;
  /// All bindings of `name` in scope `scope`, in offset order.
  std::vector<const Binding*> bindings(int scope, std::string_view name) const;

  /// Follows names, `self.x` attributes, parameters (through the file's call sites when they
  /// agree) and module-returning methods (`.to(device)`, `.cuda()`) to the expression that
  /// defines the value. Returns `expr` itself when it defines itself, null when unknown.
  py::Node definitionOf(py::Node expr) const;
  /// The canonical callee of the call that defines `expr` (`criterion` -> "torch.nn.NLLLoss").
  std::string constructorOf(py::Node expr) const;
  /// Numeric value of a literal or arithmetic over literals and single-assignment constants.
  std::optional<double> evalNumber(py::Node expr) const;
  /// The string literal that defines `expr`, following names.
  std::optional<std::string> evalString(py::Node expr) const;
  /// The node holding the literal that gives `expr` its value (for edits): the literal itself,
  /// or the literal of the constant `expr` names; null if not a literal.
  py::Node literalOf(py::Node expr) const;

  /// The layers that produced the value of `expr` (see Network.hpp). A value whose origin is
  /// not understood yields a chain that starts with an Unknown op.
  Chain chainOf(py::Node expr) const;
  /// The network a model expression denotes (`model`, `self.net`, `Net()`), or null.
  const Network* networkOf(py::Node expr) const;
  /// The network defined by a Sequential/Model call or a class_definition node.
  const Network* networkAt(py::Node definition) const;
  /// The class of this file that `expr` instantiates, or null.
  const ClassInfo* classOf(py::Node expr) const;
  /// The class whose body contains `n`.
  const ClassInfo* enclosingClassInfo(py::Node n) const;

  /// The layer a constructor call builds (Dense(10, activation='relu'), nn.Dropout(0.8)); null
  /// when the callee is not a known layer.
  std::optional<Layer> layerAt(py::Node call) const;

  SemanticModel(const SemanticModel&) = delete;
  SemanticModel& operator=(const SemanticModel&) = delete;
  SemanticModel() = default;

 private:
  friend class ModelBuilder;

  Chain chainOf(py::Node expr, int depth) const;
  py::Node definitionOf(py::Node expr, int depth) const;
  std::optional<double> evalNumber(py::Node expr, int depth) const;
  const Network* classNetwork(int classIndex) const;
  const Binding* pick(const std::vector<int>& ids, std::size_t pos, py::Node use) const;
  py::Node resolveParam(const Binding& param, int depth) const;

  std::shared_ptr<const py::SyntaxTree> tree_;
  ImportTable imports_;
  std::vector<Scope> scopes_;
  std::vector<Binding> bindings_;
  // scope -> name -> binding ids in offset order
  std::vector<std::unordered_map<std::string, std::vector<int>>> byScope_;
  std::map<std::size_t, int> scopeByStart_;  // function/class node start byte -> scope
  std::vector<CallSite> calls_;
  std::unordered_map<std::size_t, int> callByEnd_;  // call node end byte -> first call index
  // Calls whose callee is a plain name, by that name (resolving a parameter scans only these).
  std::unordered_map<std::string, std::vector<int>> callsByName_;
  std::vector<ClassInfo> classes_;
  std::vector<py::Node> loops_;
  std::vector<py::Node> augAssigns_;
  std::vector<py::Node> comments_;
  // Networks are all computed during build(): class networks on demand, in dependency order,
  // with a guard against recursive models (hence `mutable`); afterwards nothing mutates them.
  mutable std::vector<std::unique_ptr<Network>> networks_;
  mutable std::unordered_map<std::size_t, const Network*> networkByStart_;  // definition start
  mutable std::vector<int> classNetworkState_;  // 0 = not yet, 1 = in progress, 2 = done
  mutable std::vector<const Network*> classNetwork_;
};

}  // namespace mlide::checks::model
