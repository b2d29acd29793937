#pragma once
// Reading what the festival war room (war_room.hpp) is given: its activation parameters
// (the profile) and the bodies of its resource requests, checked like config — the first
// error names the field ("stations[1].teams[0].people"), the API answers it with 400.
//
// Parameters (a JSON object):
//   area       required  {"node": id} or {"polygon": [{"lat","lon"}, …]}: the festival grounds
//   centre     required  the war-room node: its centre holds the flat on-site queue
//   from       optional  ISO 8601: the window opens (default: at activation)
//   until      required  ISO 8601: the window closes and the war room ends by itself; at
//                        most 31 days after `from`
//   sla        optional  {"limit", "unit"}: every category's limit in the area (default 2 hours)
//   stations   required  1..100 of {"department": id, "teams": [{"name", "people"}, …]}: the
//                        departments stationed on site (each once) and their teams (1..50,
//                        names unique per department, 1..1000 people each)
//   resources  optional  up to 1,000 of {"id": [a-z0-9_-]{1,32}, "kind": [a-z][a-z0-9_]*,
//                        "name", "capacity": 1..1000}: what the war room dispatches
//
// Bodies:
//   POST resources/{id}/dispatch  {"to": where (required), "case": a case of the board}
//   POST resources/{id}/runs      {"people": 0..capacity (required), "from", "to", "at": ISO
//                                  (default now), "case", "ref": the client's reference}
//   POST resources/{id}/release   {} (optional body)

#include <optional>
#include <string_view>

#include "actors/domain/war_room_profile.hpp"
#include "actors/domain/war_room_resources.hpp"
#include "actors/scenario.hpp"

namespace cityops::scenarios {

std::optional<domain::domain_error> read_war_room_profile(param_reader& in,
                                                          const scenario_setup& setup,
                                                          domain::war_room_profile& out);

domain::result<domain::resource_dispatch> read_dispatch(std::string_view body);
domain::result<domain::resource_run> read_run(std::string_view body);
// The optional body of a release: {} or {"reason"}.
std::optional<domain::domain_error> read_release(std::string_view body);

}  // namespace cityops::scenarios
