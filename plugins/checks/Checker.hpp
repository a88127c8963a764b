// The static checks over one document: build the semantic model, walk its node lists once
// dispatching to the enabled rules, then drop suppressed findings, deduplicate and sort.
// Pure function of its inputs; thread-safe (rules are stateless).
#pragma once

#include <memory>
#include <vector>

#include "core/diag/Diagnostic.hpp"
#include "core/engine/Engine.hpp"
#include "core/support/Cancellation.hpp"
#include "core/support/Expected.hpp"
#include "plugins/checks/Config.hpp"
#include "plugins/checks/model/SemanticModel.hpp"

namespace mlide::checks {

/// Findings for `file` under `config`, sorted by position then code. Cancelled when `cancel`
/// fires (polled during the model walk and between rule phases).
Expected<std::vector<Diag>> runChecks(const SourceFile& file, const ChecksConfig& config,
                                      const CancellationToken& cancel = {});

/// Same, over a model already built from the file's tree (the training-session code reuses a
/// model to map runtime findings to lines and can lint with it too).
Expected<std::vector<Diag>> runChecks(const model::SemanticModel& model, const ChecksConfig& config,
                                      const CancellationToken& cancel = {});

}  // namespace mlide::checks
