#pragma once
// The scenarios this build knows (actors/scenario.hpp): every built-in one registered by
// name. New behaviours are added here, one line each (docs/extending.md).

#include "actors/scenario.hpp"

namespace cityops {

// A registry holding every built-in scenario.
std::shared_ptr<scenario_registry> builtin_scenarios();

}  // namespace cityops
