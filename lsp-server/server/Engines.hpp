// The engines a server or CLI run hosts, constructed in one place.
#pragma once

#include <memory>
#include <vector>

#include "core/engine/Engine.hpp"

namespace mlide::server {

std::vector<std::unique_ptr<Engine>> makeEngines();

}  // namespace mlide::server
