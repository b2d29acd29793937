#pragma once
// Oversight alerts: which committed case events raise an alert, what the alert says, who may
// see it, and how it is acknowledged. Pure: no CAF, no I/O (the alert board actor and the
// store apply these rules).
//
// Rules:
//   overdue     a case is marked overdue (event `overdue`, by "sla") → alert kind `overdue`
//   supervised  a case is put under supervision (督办, event `supervised`) → kind `supervised`
//   urgent      a case is reported urgent, made urgent (event `adjusted` by a scenario's
//               priority rule) or dispatched while urgent → kind `urgent`, addressed to the
//               node that holds the case (and the department it is dispatched to), so that
//               node's supervisors are told at once rather than at the 75% reminder; the
//               centres above see it too (its scope is the case's path), so the rings'
//               escalations raise none; a report made urgent by the risk lexicon raises its
//               `sensitive_words` alert instead (sensitive_alert.hpp)
//   reminded    the 75% SLA reminder raises NO alert: it fires for most cases and would drown
//               the overdue ones; it stays visible in the case history and on the feed.
// Every other event raises nothing.
//   quarantined a case actor failed twice and the case was quarantined (domain/quarantine.hpp)
//               → kind `quarantined`; raised by the directory's report, not by an event.
//
// An alert's id is derived from the event that raised it ("<case id>-e<seq>"), so raising
// the same event twice (a replayed stream, a restart) yields the same alert, never a second.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/alert.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/domain/quarantine.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

// The nodes whose operators may see an alert about the case held at `node`: its location path
// (city first), then `node` and its ancestors not already listed.
std::vector<std::string> scope_nodes_of(const case_record& after, const std::string& node,
                                        const config::city_model& city);

// "<case id>-e<seq>": unique per event, URL-safe (case ids hold digits and '-').
std::string alert_id(std::string_view case_id, std::uint32_t seq);

// The alert `event` raises, if any. `after` is the case once the commit holding `event` is
// applied (its location path and assistants); the event's own node and department are used.
// `city` resolves the ancestors of the event's node (an unknown node contributes itself).
std::optional<alert> alert_for(const case_record& after, const case_event& event,
                               const config::city_model& city);

// Every alert one case's commit raises, in event order.
// The alert of a quarantine. `snapshot` is the case as stored (its node, department and
// location give the alert its scope), nullptr when it could not be read (the alert is then
// city-wide). Id "<case id>-q<at_ms>": the same quarantine raised twice is one alert.
alert quarantine_alert(const quarantine_entry& q, const case_record* snapshot,
                       const config::city_model& city);

std::vector<alert> alerts_for(const case_record& after, const std::vector<case_event>& events,
                              const config::city_model& city);

// Who may see an alert: `node` non-empty → the case lies in that node's subtree (reported
// there or below, or held there or below when the alert was raised); `department`
// non-empty → the alert's department or one of its assistants. Both given: both must hold.
struct alert_scope {
  std::string node;
  std::string department;
};
bool in_scope(const alert& a, const alert_scope& scope);

// Acknowledges `a`: an open alert becomes acked by `by` at `at_ms` (true); an acked or
// closed one is left as it is — the first acknowledgement stands (false).
bool acknowledge(alert& a, const std::string& by, std::int64_t at_ms);

// Closes `a` with a note on what was done (true); an open alert is acknowledged by the same
// hand on the way. A closed alert stays as it was closed (false).
bool close_alert(alert& a, const std::string& by, std::int64_t at_ms, std::string note);

// An episode grew: `update` (same id) carries its evidence now. The stored alert takes the
// evidence, message and time, and a higher level (never a lower one); true when anything
// changed. A closed alert takes nothing: its episode was dealt with.
bool grow(alert& stored, const alert& update);

}  // namespace cityops::domain
