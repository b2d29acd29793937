#include "runtime/scenario_catalogue.hpp"

#include "actors/scenarios/exam_quiet.hpp"
#include "actors/scenarios/snow_response.hpp"
#include "actors/scenarios/war_room.hpp"

namespace cityops {

std::shared_ptr<scenario_registry> builtin_scenarios() {
  auto registry = std::make_shared<scenario_registry>();
  registry->add(scenarios::exam_quiet_description(), scenarios::make_exam_quiet);
  registry->add(scenarios::war_room_description(), scenarios::make_war_room);
  registry->add(scenarios::snow_response_description(), scenarios::make_snow_response);
  return registry;
}

}  // namespace cityops
