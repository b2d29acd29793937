#pragma once
// The feed hub: fans committed case events (committed_stream_name), alerts
// (alert_stream_name, from the alert board), today's KPIs (kpi_stream_name) and scenario
// notices (scenario_stream_name) out to live subscribers — the WebSocket sessions
// of GET /api/v1/feed — each through its own filter. Every message is rendered once (by the
// injected feed_format) and handed to each matching subscriber's sink as shared text.
//
// Filters (both given: both must hold):
//   node        a case event: the case's location path holds the node (reported there or
//               below) or the event's node (where the case is held after it) lies in the
//               node's subtree (config::city_model::in_subtree); an alert: domain::in_scope
//   department  a case event: the event's or the case's department, its department before
//               the commit (so a department sees a case leave it), or an assisting (协办)
//               department; an alert: its department or an assistant
//
// Sinks run on the hub's thread and must not block: the gateway's sink queues the text on a
// bounded per-connection queue and posts to the connection. A sink answering false (closed,
// or over its bound: a slow consumer) is dropped at once, so a slow client costs the hub
// nothing after that.
//
// Accepts:
//   (committed_atom, committed_batch)                 -> nothing (from the stream)
//   (alert_atom, alert)                           -> nothing (from the alert stream)
//   (kpi_atom, kpi_feed)                          -> nothing (from the KPI stream, ≤ 1/s)
//   (scenario_atom, scenario_notice)              -> nothing (from the scenario stream)
//   (feed_atom, subscribe_atom, feed_subscriber)  -> nothing; the subscriber's `hello` (if
//                                                    any) is its first message, so a client
//                                                    knows when it is registered
//   (feed_atom, unsubscribe_atom, uint64 id)      -> nothing (unknown ids are ignored)
//   (feed_atom, queue_atom)                       -> uint64 subscribers

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/kpi_protocol.hpp"
#include "actors/oversight_protocol.hpp"
#include "actors/protocol.hpp"
#include "actors/scenario_protocol.hpp"
#include "config/city_model.hpp"

namespace cityops {

// How messages are rendered (the gateway's JSON; injected so actors stay JSON-free).
struct feed_format {
  std::function<std::string(const case_commit&, const domain::case_event&)> case_event;
  std::function<std::string(const domain::alert&)> alert;
  std::function<std::string(std::int64_t day, const kpi_table&)> kpi;
  std::function<std::string(const scenario_notice&)> scenario;
};

// Whether one event of a commit passes `f` (see above). Pure; exposed for tests.
bool feed_matches(const config::city_model& city, const feed_filter& f, const case_commit& c,
                  const domain::case_event& e);
bool feed_matches(const feed_filter& f, const domain::alert& a);
// A KPI table (the city's or a district's) goes to a subscriber without a department filter
// whose node filter is its node, or, without any filter, the city's.
bool feed_matches(const feed_filter& f, const kpi_table& t, bool city_table);
// A scenario notice of the whole city goes to every subscriber; one about a node to those
// without a department filter whose node filter lies on the same branch (the node's subtree
// or its ancestors: a district's operators see a war room in one of its streets, a street's
// operators a response of their district).
bool feed_matches(const config::city_model& city, const feed_filter& f, const scenario_notice& n);

struct feed_hub_state {
  const config::city_model* city = nullptr;
  feed_format format;
  std::map<std::uint64_t, feed_subscriber> subscribers;
  std::uint64_t delivered = 0;  // messages handed to sinks
  std::uint64_t dropped = 0;    // subscribers dropped because their sink refused
  static inline const char* name = "feed_hub";
};

// `city` must outlive the actor.
caf::behavior feed_hub(caf::stateful_actor<feed_hub_state>* self, const config::city_model* city,
                       feed_format format);

}  // namespace cityops
