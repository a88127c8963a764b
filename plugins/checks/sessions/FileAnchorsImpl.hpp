// Private to FileAnchors*.cpp: the parsed file and the constructs found in it.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/python/SyntaxTree.hpp"
#include "core/text/LineIndex.hpp"
#include "plugins/checks/model/SemanticModel.hpp"
#include "plugins/checks/sessions/FileAnchors.hpp"

namespace mlide::training {

struct FileAnchors::Impl {
  struct Optimizer {
    py::Node call;
    std::string cls;  // "Adam"
  };
  struct DataVar {
    py::Node statement;  // the assignment that last binds the input data before it is used
    std::string name;    // "x_train"
  };

  std::shared_ptr<const std::string> text;
  LineIndex lines;
  std::shared_ptr<const py::SyntaxTree> tree;
  std::shared_ptr<const checks::model::SemanticModel> model;  // null if the file did not parse

  // Calls in document order, by what they construct or do.
  std::vector<Optimizer> optimizers;
  std::vector<py::Node> schedulers, losses, convs, assignedCalls, fits, compiles, backwards,
      datasets, loaders, imageLoads, sequentials;

  void collect();

  py::Node optimizer(const ModelInfo& m) const;
  /// The keyword_argument `lr=`/`learning_rate=`, or the positional learning rate.
  py::Node lrArgument(py::Node call) const;
  /// The expression giving the learning rate (the value of lrArgument).
  py::Node lrValue(py::Node call) const;
  py::Node compileOptimizerString() const;
  py::Node firstConv(const ModelInfo& m) const;
  py::Node layer(const std::string& name) const;
  py::Node modelDefinition(const ModelInfo& m) const;
  DataVar dataVariable() const;
  py::Node trainingLoop(const ModelInfo& m) const;
  py::Node loss() const;
  py::Node validation() const;
  /// The first line of a statement (a loop header, an assignment), trimmed.
  ByteRange headerRange(py::Node stmt) const;
  /// The call assigned to `target` (`self.fc1`, `fc1`), or null.
  py::Node assignedCall(std::string_view target) const;

  static const std::set<std::string>& optimizerNames();
  static const std::set<std::string>& schedulerNames();
};

}  // namespace mlide::training
