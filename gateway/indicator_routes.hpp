#pragma once
// City vital signs (城市体征, docs/vital-signs.md): samples in, indicators and their history out
// (actors/vital_signs.hpp).
//
//   POST /api/v1/indicators/samples {"samples": [{"indicator", "value", "unit"?, "at"}…]}
//        (at most 1000) -> 200 {"accepted": n, "refused": [{"index", "field", "reason"}…]}:
//        the good items are kept (durable before the answer), each bad one is refused with
//        its index — unknown indicator, unit not the indicator's, missing or bad time, a time
//        more than 5 minutes ahead, a value that is not a finite number. None kept: 422
//        invalid_field naming the first refused item's field ("samples[2].unit") with the
//        same `refused` list; a body that is not JSON or has no `samples` array: 400.
//        Roles: iot (sensor gateways), supervisor, admin.
//   GET  /api/v1/indicators?domain=&state=no_data|normal|warning|alarm|silent
//        -> 200 {"domains": [{"code", "name"}…], "items": [indicator…]} in registry order
//   GET  /api/v1/indicators/{id}  -> 200 the indicator: definition, state, latest sample
//   GET  /api/v1/indicators/{id}/history?from=&to=&points=
//        -> 200 the samples within [from, to] (ISO 8601; default the last 24 hours up to
//           now): raw when there are at most `points` (1..5000, default 500), else one point
//           per time bucket with min, max, mean, last and count.
//        Reading roles: operator, department, supervisor, admin, iot — the city's vital
//        signs are not scoped to a node.

#include "gateway/api_context.hpp"

namespace cityops::gateway {

class router;

void add_indicator_routes(router& r, api_context& ctx);

}  // namespace cityops::gateway
