#pragma once
// KPIs (runtime/kpi_board.hpp, docs/kpi.md, docs/api.md "KPIs").
//
//   GET /api/v1/kpi?scope=city|node:<id>|department:<id>&from=YYYY-MM-DD&to=YYYY-MM-DD
//                  &by=day|week|month
//       -> 200 {"scope","kind","id","name","from","to","by","total":{kpi…},
//               "series":[{"period","from","to","kpi":{kpi… without the gauges}}]}
//       Every period of the range is listed, empty ones with zeros. `to` defaults to today
//       (UTC+8), `from` to 29 days before `to`; at most 3,700 days. Operators read nodes of
//       their subtree, department staff their department, supervisors and admins anything.
//   GET /api/v1/kpi/ranking?of=departments|districts&metric=<name>&from=&to=&order=best|worst
//                          &limit=N
//       -> 200 {"of","metric","order","from","to","items":[{"rank","scope","id","name",
//               "value","numerator","denominator","reported"}]} — 红黑榜: best first by
//          default (docs/kpi.md "Rankings"); entries without a value last. Every staff role.
// Bad parameters are 400 invalid_field naming the parameter; an unknown node or department
// is 404 naming `scope`.

#include "gateway/api_context.hpp"

namespace cityops::gateway {

class router;

void add_kpi_routes(router& r, api_context& ctx);

}  // namespace cityops::gateway
