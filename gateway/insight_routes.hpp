#pragma once
// What the seat asks about one case beyond the case itself (docs/intelligence.md):
//   GET /api/v1/cases/{id}/dispatch-suggestions -> {"case", "items": [department, name, node,
//       tier, score, routed, load{open, overdue}, history_90d{dispatched, returned, finished,
//       on_time}, reasons[]]}, best first
//   GET /api/v1/cases/{id}/similar?k=5 -> {"case", "items": [id, score, category, text,
//       department, result, closed_at, satisfaction]}: closed cases like it, best first
// Operators (their subtree), supervisors and admins; a case the caller may not read is 404.

#include "actors/insight_protocol.hpp"
#include "gateway/api_context.hpp"
#include "gateway/json_writer.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {

void add_insight_routes(router& r, api_context& ctx);

// One dispatch option as the items above show it (also the intake preview's).
void write_dispatch_option(json_writer& w, const dispatch_option& o);

}  // namespace cityops::gateway
