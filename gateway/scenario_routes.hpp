#pragma once
// Scenarios (actors/scenario.hpp, docs/extending.md): behaviours switched on and off at run
// time, through the scenario supervisor.
//
//   GET  /api/v1/scenarios                    -> 200 {"items": [scenario…]} every registered
//        scenario, with its parameters, state and current activation (who, when, parameters)
//   GET  /api/v1/scenarios/{name}             -> 200 the scenario | 404
//   POST /api/v1/scenarios/{name}/activate    body: the parameters (a JSON object; empty = {})
//        -> 200 the scenario, active | 400 naming the parameter | 404 unknown | 409 already
//           active | 500 it failed while starting
//   POST /api/v1/scenarios/{name}/deactivate  body: {"reason": "…"} (optional)
//        -> 200 the scenario, inactive | 404 | 409 not active
//   GET  /api/v1/scenarios/{name}/history?limit=&before=
//        -> 200 {"items": [event…], "next_before"} the audit log, newest first
//   Roles: admin and supervisor (others 403).
//
//   GET|POST|PUT|DELETE /api/v1/scenarios/{name}/{path…}
//        -> what the active scenario answers for its own resources (a war room's board, a
//           weather warning…); 404 when it is not active. Operators, department staff,
//           supervisors and admins; the scenario checks what each may do.

#include "gateway/api_context.hpp"

namespace cityops::gateway {

class router;

void add_scenario_routes(router& r, api_context& ctx);

}  // namespace cityops::gateway
