#pragma once
// JSON of the oversight API: alerts (GET /api/v1/alerts, POST …/ack) and the messages of
// the WebSocket feed (GET /api/v1/feed), one JSON object per message:
//
//   {"kind":"subscribed","filter":{"node":…|null,"department":…|null}}   first, once
//   {"kind":"case_event","case_id":…,"event":{…a history entry, as in GET /cases/{id}…},
//    "case":{"status","node","department","category","deadline","overdue","supervised",
//            "version"}}                                               the case after the commit
//   {"kind":"alert","alert":{…the alert, as in GET /api/v1/alerts…}}    raised, and again acked
//   {"kind":"kpi",…}                                 today's KPIs, ≤ 1/s (gateway/kpi_json.hpp)
//   {"kind":"scenario",…}                            scenarios (gateway/scenario_json.hpp)
//
// The functions are pure and thread-safe (the feed hub calls them on its thread).

#include <string>

#include "actors/domain/alert_rules.hpp"
#include "actors/protocol.hpp"
#include "gateway/json_writer.hpp"

namespace cityops::gateway {

// {"id","kind","case_id","seq","node","department","at","message","status","acked_by",
//  "acked_at","category","deadline"} — nulls where not set.
void write_alert(json_writer& w, const domain::alert& a);

std::string feed_case_event_json(const case_commit& c, const domain::case_event& e);
std::string feed_alert_json(const domain::alert& a);
std::string feed_subscribed_json(const std::string& node, const std::string& department);

}  // namespace cityops::gateway
