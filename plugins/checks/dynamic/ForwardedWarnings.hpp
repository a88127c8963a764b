// Shared by the checks that turn a framework warning, forwarded by the client, into a finding
// on the user's line that triggered it.
#pragma once

#include <initializer_list>
#include <string_view>
#include <vector>

#include "plugins/checks/dynamic/DynamicCheck.hpp"

namespace mlide::training {

/// Appends one finding per distinct (file, line) among the warnings whose message contains
/// every string of `needles`: `proto` with key "file:line", Anchor::Explicit (Anchor::Loss when
/// the warning has no user frame), the epochs it was raised at, and message
/// `title + ": " + <first line of the warning>`.
void reportForwardedWarnings(const RunHistory& history, std::initializer_list<std::string_view> needles,
                             const DynamicFinding& proto, std::string_view title,
                             std::vector<DynamicFinding>& out);

}  // namespace mlide::training
