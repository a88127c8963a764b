// Internal: the single walk that fills a SemanticModel. Not part of the model's API.
#pragma once

#include <vector>

#include "plugins/checks/model/SemanticModel.hpp"

namespace mlide::checks::model {

class ModelBuilder {
 public:
  explicit ModelBuilder(SemanticModel& m) : m_(m), src_(m.source()) {}
  /// Walks the tree (pre-order, document order, iteratively), then resolves callees, class
  /// frameworks and networks.
  Status run(const CancellationToken& cancel);

 private:
  struct Frame {
    py::Node node;
    int scope;
    py::Node guard;  // innermost conditional block around the node
  };

  void visit(const Frame& f, std::vector<Frame>& stack);
  void pushChildren(py::Node n, int scope, py::Node guard, std::vector<Frame>& stack);
  void onImport(py::Node n);
  void onFunction(py::Node n, int scope, py::Node guard, std::vector<Frame>& stack);
  void onClass(py::Node n, int scope, py::Node guard, std::vector<Frame>& stack);
  void bindTarget(py::Node target, py::Node stmt, py::Node value, BindingKind kind, std::vector<int> path, int scope,
                  py::Node guard, std::size_t offset = 0);
  void addBinding(Binding b);
  int addScope(Scope s);
  void resolve();
  void buildNetworks();  // Networks.cpp

  SemanticModel& m_;
  std::string_view src_;
};

}  // namespace mlide::checks::model
