#pragma once
// The rules overlay: what the active scenarios (actors/scenario.hpp) change in how cases are
// decided, composed into one immutable value. Pure: no CAF, no I/O; the decision points
// (intake, the case machine, dispatch planning) read one snapshot per decision.
//
// A scenario contributes a `scenario_rule_set`:
//   routing  cases of an AREA go to another node's centre, optionally dispatched there
//            among departments stationed on site (a war room's flat queue);
//   sla      a category's limit (hours or working days), optionally only in an area;
//   priority a category's priority (urgent), optionally only in an area.
// An AREA is a node subtree (a case whose location_path holds the node) or a polygon
// (lat/lon ring) holding the case's point: the reporter's location, else its report
// node's position (Boost.Geometry covered_by, like config/district_map).
//
// Precedence, when several rules match one case: the most recently activated scenario wins
// (contributions carry their activation's sequence number, which survives restarts); within
// one scenario, the first matching rule of its list. Each kind (routing, SLA, priority) is
// decided on its own, so a newer scenario's routing may combine with an older one's SLA.
//
// A category in an SLA or priority rule is a minor code ("0608") or a major code ("06",
// every minor of it).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/domain/case_event.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

struct geo_point {
  double lat = 0;
  double lon = 0;
};

// A node subtree (`node` set) or a polygon (`polygon`: at least 3 points, the ring closes
// itself; winding does not matter). Exactly one of the two is set.
struct scenario_area {
  std::string node;
  std::vector<geo_point> polygon;
  bool is_polygon() const { return node.empty(); }
};

// Cases of `area` (only of `categories`, minor or major codes, when given) go to the centre
// of `node`. With `departments` (stationed on site), that
// centre dispatches them among these (the first that handles the category and has not
// returned the case), at once when `dispatch_at_once`, else when the dispatch policy
// would (dispatch_planner.hpp); a category no stationed department handles takes the normal
// route from `node`.
struct routing_override {
  scenario_area area;
  std::vector<std::string> categories;  // empty: every case of the area, also unclassified
  std::string node;
  std::vector<std::string> departments;
  bool dispatch_at_once = false;
};

struct sla_override {
  std::string category;  // minor or major code
  config::sla_limit limit;
  std::optional<scenario_area> area;  // none: the whole city
  // An open case this limit shortens keeps at least this long from the adjustment (0: the
  // limit counts from its SLA start alone, so a case older than the limit is overdue at once).
  std::int64_t open_case_grace_ms = 0;
};

struct priority_override {
  std::string category;  // minor or major code
  case_priority priority = case_priority::urgent;
  std::optional<scenario_area> area;  // none: the whole city
};

// What one scenario contributes while active.
struct scenario_rule_set {
  std::vector<routing_override> routing;
  std::vector<sla_override> sla;
  std::vector<priority_override> priority;
  bool empty() const { return routing.empty() && sla.empty() && priority.empty(); }
};

// One active scenario's contribution; `order` is its activation's sequence number (higher =
// more recent = wins).
struct rule_contribution {
  std::string scenario;
  std::uint64_t order = 0;
  scenario_rule_set rules;
};

// Where a case lies, as areas see it.
struct case_place {
  const std::vector<std::string>* location_path = nullptr;  // city first
  geo_point point;
};
case_place place_of(const case_record& r);
case_place place_of(const case_event& reported);

// A rule that matched, with the scenario it came from.
template <class Rule>
struct rule_match {
  const Rule* rule = nullptr;
  const std::string* scenario = nullptr;
  explicit operator bool() const { return rule != nullptr; }
};

class scenario_rules {
 public:
  scenario_rules();  // no scenario active: every lookup finds nothing
  explicit scenario_rules(std::vector<rule_contribution> contributions);
  ~scenario_rules();
  // Shared as one immutable value (scenario_rules_ptr); its polygons are prepared once.
  scenario_rules(const scenario_rules&) = delete;
  scenario_rules& operator=(const scenario_rules&) = delete;

  bool empty() const { return contributions_.empty(); }
  // Newest activation first.
  const std::vector<rule_contribution>& contributions() const { return contributions_; }

  // The routing override of a case of `category` ("" unclassified) at the place, if any.
  rule_match<routing_override> route(const case_place& place, const std::string& category) const;
  // The override whose node is `node` and which takes a case of `category` at the place: the
  // case waits at a war-room node for a case of its area (its stationed departments take it).
  rule_match<routing_override> station(const std::string& node, const case_place& place,
                                       const std::string& category) const;
  rule_match<sla_override> sla(const std::string& category, const case_place& place) const;
  rule_match<priority_override> priority(const std::string& category,
                                         const case_place& place) const;

  // Whether `area` holds the place (any area; the overlay's own are prepared once).
  static bool contains(const scenario_area& area, const case_place& place);

 private:
  struct prepared;
  bool holds(const scenario_area& area, const case_place& place) const;
  template <class Rule, class Test>
  rule_match<Rule> first(std::vector<Rule> scenario_rule_set::*list, Test accepts) const;

  std::vector<rule_contribution> contributions_;
  std::unique_ptr<const prepared> prepared_;
};

using scenario_rules_ptr = std::shared_ptr<const scenario_rules>;

// Whether department `d` handles `category` (its list names the minor or its major).
bool handles(const config::department& d, const std::string& category);

// The stationed department of `o` for a case of `category`, skipping those in `returned`;
// nullptr when none handles it.
const config::department* stationed_for(const routing_override& o, const config::city_model& city,
                                        const std::string& category,
                                        const std::vector<std::string>& returned = {});

// The department on site that takes `r` where it waits: at a war-room node (a routing
// override's node whose area holds the case), the first stationed department that handles
// its category and has not returned it; nullptr elsewhere, without rules, or when none does.
const config::department* station_department(const case_record& r, const scenario_rules* rules,
                                             const config::city_model& city);

// The SLA limit of `category` at `place`: an override, else the catalogue's; nullopt for
// an unknown category.
std::optional<config::sla_limit> sla_limit_for(const scenario_rules* rules,
                                               const config::city_model& city,
                                               const std::string& category,
                                               const case_place& place);

// Applies the overlay to a new case's `reported` event (after classification): node and
// department proposal from a routing override, priority from a priority override, then the
// deadline from the category, place and priority (case_deadline.hpp: an SLA override's limit,
// an urgent case's shortest); the scenarios whose rules applied are listed in
// report.scenarios.
void apply_to_report(case_event& reported, const scenario_rules& rules,
                     const config::city_model& city, const sla_calendar& calendar);

// What the overlay asks of an open case that is not yet being worked on (reported, verified,
// accepted, returned, escalated, dispatched): the node it should wait at (a routing
// override's; back to its report node when it waits at a node off its own path that no rule
// sends it to any more), a dispatched case recalled to be dispatched again among stationed
// departments, a shorter deadline (an SLA rule's, or the urgent limit of a case a priority
// rule makes urgent, from the start of its SLA window), a higher priority. Deadlines only
// shorten and priorities only rise: what was promised to the reporter stands when the rules
// go. A deadline an SLA rule shortens is not earlier than `now_ms` plus the rule's
// open_case_grace_ms. Nullopt: nothing.
struct case_adjustment {
  std::string node;        // where the case waits afterwards
  std::string department;  // routing's proposal there ("" none)
  bool recall = false;     // a dispatched case goes back to its centre (accepted)
  std::int64_t deadline_ms = 0;              // 0: unchanged
  std::optional<case_priority> priority;     // unset: unchanged
  std::vector<std::string> scenarios;        // whose rules asked for it
};
std::optional<case_adjustment> adjustment_for(const case_record& r, const scenario_rules* rules,
                                              const config::city_model& city,
                                              const sla_calendar& calendar,
                                              std::int64_t now_ms = 0);

}  // namespace cityops::domain
