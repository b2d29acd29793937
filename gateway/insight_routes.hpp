#pragma once
// What the seat asks about one case beyond the case itself (docs/intelligence.md):
//   GET /api/v1/cases/{id}/dispatch-suggestions -> {"case", "items": [department, name, node,
//       tier, score, routed, load{open, overdue}, history_90d{dispatched, returned, finished,
//       on_time}, reasons[]]}, best first
//   GET /api/v1/cases/{id}/similar?k=5 -> {"case", "items": [id, score, category, text,
//       department, result, closed_at, satisfaction]}: closed cases like it, best first
// Operators (their subtree), supervisors and admins; a case the caller may not read is 404.

#include "gateway/api_context.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {

void add_insight_routes(router& r, api_context& ctx);

}  // namespace cityops::gateway
