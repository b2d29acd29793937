#pragma once
// 每日信息 (runtime/daily_reporter.hpp, docs/api.md "Daily report").
//
//   GET /api/v1/reports/daily?date=YYYY-MM-DD[&format=json|html]
//   GET /api/v1/reports/daily.html?date=YYYY-MM-DD
//       -> 200 the report of that local day as published (JSON, or the printable Chinese
//          page): a past day is generated, numbered (第N期) and stored on first ask and reads
//          the same ever after; today is provisional (not numbered, not stored). `date`
//          defaults to yesterday; a future or malformed date is 400 naming `date`. Every
//          staff role.

#include "gateway/api_context.hpp"

namespace cityops::gateway {

class router;

void add_report_routes(router& r, api_context& ctx);

}  // namespace cityops::gateway
