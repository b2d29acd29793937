// The whole route table of cityopsd, in one place.
#include "gateway/alert_routes.hpp"
#include "gateway/api_context.hpp"
#include "gateway/feed_routes.hpp"
#include "gateway/indicator_routes.hpp"
#include "gateway/insight_routes.hpp"
#include "gateway/kpi_routes.hpp"
#include "gateway/letter_routes.hpp"
#include "gateway/quarantine_routes.hpp"
#include "gateway/report_routes.hpp"
#include "gateway/router.hpp"
#include "gateway/scenario_routes.hpp"

namespace cityops::gateway {

void add_api_routes(router& r, api_context& ctx) {
  add_city_routes(r, ctx);
  add_case_routes(r, ctx);
  add_intake_preview_routes(r, ctx);
  add_ops_routes(r, ctx);
  add_open311_routes(r, ctx);
  add_alert_routes(r, ctx);
  add_letter_routes(r, ctx);
  add_feed_routes(r, ctx);
  add_quarantine_routes(r, ctx);
  add_insight_routes(r, ctx);
  add_kpi_routes(r, ctx);
  add_indicator_routes(r, ctx);
  add_report_routes(r, ctx);
  add_scenario_routes(r, ctx);
  add_static_routes(r, ctx);
}

}  // namespace cityops::gateway
