#pragma once
// 预警函 / 提醒函: letters answering a risk alert, and the departments' replies
// (actors/letter_office.hpp, docs/risk-watch.md "Letters").
//
//   POST /api/v1/alerts/{id}/letters {"kind": "warning"|"reminder", "department": "<id>",
//        "facts": "…", "reply_due": "ISO 8601" (optional)}
//        -> 201 the letter. Operators (the alert in their subtree), supervisors, admins.
//   GET  /api/v1/letters?status=issued|replied&department=&node=&limit=&cursor=
//        -> 200 {"items": [letter…], "next_cursor"}, newest first. Scope as for alerts:
//           operators their subtree, department staff their own department.
//   GET  /api/v1/letters/{id}            -> 200 the letter (JSON)
//   GET  /api/v1/letters/{id}?format=html, /api/v1/letters/{id}.html
//        -> 200 text/html: the letter to print, with its attached cases
//   POST /api/v1/letters/{id}/reply {"text": "…"}
//        -> 200 the letter with the reply. The addressed department's staff, supervisors,
//           admins; a second reply is 409 conflict (the first stands).

#include "gateway/api_context.hpp"

namespace cityops::gateway {

class router;

void add_letter_routes(router& r, api_context& ctx);

}  // namespace cityops::gateway
