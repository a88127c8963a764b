// Lints inline Python source with the static checks, for the rule tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/python/SyntaxTree.hpp"
#include "plugins/checks/Checker.hpp"
#include "plugins/checks/Config.hpp"

namespace mlide::checks::testing {

inline std::vector<Diag> lint(const std::string& text, const ChecksConfig& config = {}) {
  py::Parser parser;
  auto tree = parser.parse(std::make_shared<const std::string>(text));
  EXPECT_TRUE(tree.ok());
  SourceFile file;
  file.uri = "file:///t.py";
  file.tree = *tree;
  auto diags = runChecks(file, config);
  EXPECT_TRUE(diags.ok());
  return diags.ok() ? *diags : std::vector<Diag>{};
}

}  // namespace mlide::checks::testing
