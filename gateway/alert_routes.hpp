#pragma once
// /api/v1/alerts: the oversight and risk alerts of the alert board (overdue, supervised,
// quarantined; sensitive words, 一人多诉, 新发高发, 集中爆发, unanswered letters).
//
//   GET  /api/v1/alerts?status=open|acked|closed&node=&department=&limit=&cursor=
//        -> 200 {"items": [alert…], "next_cursor": "…" | null}, newest first
//   POST /api/v1/alerts/{id}/ack  (no body needed)
//        -> 200 the alert, acked by the caller (acking again returns the first ack)
//   POST /api/v1/alerts/{id}/close  {"note": "what was done"}
//        -> 200 the alert, closed by the caller (acked on the way; closing again returns
//           the first close)
//
// Roles: operator (held to its node's subtree), department staff (held to their department),
// supervisor and admin (any; node= / department= narrow). Citizen apps: 403.

#include <optional>

#include "actors/domain/alert_rules.hpp"
#include "gateway/api_context.hpp"
#include "gateway/auth.hpp"
#include "gateway/http_types.hpp"

namespace cityops::gateway {

class router;

void add_alert_routes(router& r, api_context& ctx);

// The scope `who` sees alerts and the feed in, from the request's node= and department=:
// operators get their node (a node inside its subtree may narrow it; outside: 403),
// department staff their department (another: 403), supervisors and admins what they ask
// for. Unknown node / department: 400. nullopt after answering.
std::optional<domain::alert_scope> oversight_scope(const api_context& ctx, const principal& who,
                                                   const http_request& req, responder& respond);

}  // namespace cityops::gateway
