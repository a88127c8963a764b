// Edit builders shared by the rules' fixes. Each returns nullopt when it cannot build an edit
// that keeps the file valid (e.g. a statement that shares its line with a block header), so
// the rule then offers no fix rather than a wrong one. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/diag/Diagnostic.hpp"
#include "core/python/SyntaxTree.hpp"
#include "plugins/checks/model/SemanticModel.hpp"

namespace mlide::checks::fixes {

using py::Node;

/// Replaces the text of `n`.
Edit replace(Node n, std::string text);
/// Appends `argument` ("from_logits=True") to the argument list of `call`.
std::optional<Edit> addArgument(Node call, std::string_view argument);
/// Removes one argument (positional or keyword) of a call with its separating comma.
std::optional<Edit> removeArgument(Node argument, std::string_view src);
/// Replaces a call by the text of its first positional argument: `torch.sigmoid(x)` -> `x`.
std::optional<Edit> unwrapCall(Node call, std::string_view src);
/// Inserts `code` as a line before / after statement `stmt`, with its indentation.
std::optional<Edit> insertLineBefore(Node stmt, std::string_view code, std::string_view src);
std::optional<Edit> insertLineAfter(Node stmt, std::string_view code, std::string_view src);
/// Inserts `code` as the first statement of `block` (a block node, e.g. a loop body).
std::optional<Edit> insertAtBlockStart(Node block, std::string_view code, std::string_view src);
/// Deletes the lines of statement `stmt` (replacing it by `pass` if it is alone in its block).
std::optional<Edit> deleteStatement(Node stmt, std::string_view src);
/// The full lines holding `stmt` (indentation and newline included), for moving it.
std::optional<std::string> statementLines(Node stmt, std::string_view src);
/// Removes an element of a list/tuple/argument list (a layer in Sequential([...])) with its
/// comma; the line too when the element is alone on it.
std::optional<Edit> removeElement(Node element, std::string_view src);

/// `canonical` spelled with the file's imports ("nn.CrossEntropyLoss" after
/// `import torch.nn as nn`), or "" when no import reaches it.
std::string spell(const model::SemanticModel& m, std::string_view canonical);

}  // namespace mlide::checks::fixes
