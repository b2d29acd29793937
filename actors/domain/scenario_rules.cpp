#include "actors/domain/scenario_rules.hpp"

#include <algorithm>
#include <unordered_map>

#include <boost/geometry/algorithms/correct.hpp>
#include <boost/geometry/algorithms/covered_by.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include "actors/domain/case_deadline.hpp"

namespace cityops::domain {
namespace {

namespace bg = boost::geometry;
using point = bg::model::point<double, 2, bg::cs::cartesian>;  // (longitude, latitude)
using polygon = bg::model::polygon<point, false>;

polygon make_polygon(const std::vector<geo_point>& ring) {
  polygon p;
  for (const auto& g : ring) bg::append(p.outer(), point(g.lon, g.lat));
  bg::correct(p);  // orientation and closing point, whatever the caller's winding
  return p;
}

bool on_path(const case_place& place, const std::string& node) {
  if (!place.location_path) return false;
  const auto& path = *place.location_path;
  return std::find(path.begin(), path.end(), node) != path.end();
}

bool category_matches(const std::string& rule, const std::string& category) {
  if (rule.empty() || category.empty()) return false;
  return rule == category || (rule.size() == 2 && category.compare(0, 2, rule) == 0);
}

bool contains_id(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Whether a routing override takes a case of `category`.
bool takes(const routing_override& o, const std::string& category) {
  if (o.categories.empty()) return true;
  for (const auto& c : o.categories)
    if (category_matches(c, category)) return true;
  return false;
}

void add_scenario(std::vector<std::string>& names, const std::string* name) {
  if (name && !contains_id(names, *name)) names.push_back(*name);
}

// A polygon area ready for tests: its bounding box first (most cases lie far outside), then
// the polygon.
struct prepared_shape {
  polygon shape;
  double min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;

  explicit prepared_shape(const std::vector<geo_point>& ring) : shape(make_polygon(ring)) {
    min_lat = max_lat = ring.front().lat;
    min_lon = max_lon = ring.front().lon;
    for (const auto& g : ring) {
      min_lat = std::min(min_lat, g.lat);
      max_lat = std::max(max_lat, g.lat);
      min_lon = std::min(min_lon, g.lon);
      max_lon = std::max(max_lon, g.lon);
    }
  }
  bool holds(const geo_point& p) const {
    if (p.lat < min_lat || p.lat > max_lat || p.lon < min_lon || p.lon > max_lon) return false;
    return bg::covered_by(point(p.lon, p.lat), shape);
  }
};

}  // namespace

// The overlay's polygons, built once when it is composed.
struct scenario_rules::prepared {
  std::unordered_map<const scenario_area*, prepared_shape> polygons;
};

case_place place_of(const case_record& r) {
  return case_place{&r.location_path, geo_point{r.report.lat, r.report.lon}};
}

case_place place_of(const case_event& reported) {
  return case_place{&reported.location_path,
                    geo_point{reported.report.lat, reported.report.lon}};
}

scenario_rules::scenario_rules() : prepared_(std::make_unique<prepared>()) {}

scenario_rules::scenario_rules(std::vector<rule_contribution> contributions)
    : contributions_(std::move(contributions)) {
  std::stable_sort(contributions_.begin(), contributions_.end(),
                   [](const rule_contribution& a, const rule_contribution& b) {
                     return a.order > b.order;
                   });
  auto p = std::make_unique<prepared>();
  auto prepare = [&p](const scenario_area& a) {
    if (a.is_polygon() && a.polygon.size() >= 3) p->polygons.emplace(&a, prepared_shape(a.polygon));
  };
  for (const auto& c : contributions_) {
    for (const auto& r : c.rules.routing) prepare(r.area);
    for (const auto& r : c.rules.sla)
      if (r.area) prepare(*r.area);
    for (const auto& r : c.rules.priority)
      if (r.area) prepare(*r.area);
  }
  prepared_ = std::move(p);
}

scenario_rules::~scenario_rules() = default;

bool scenario_rules::contains(const scenario_area& area, const case_place& place) {
  if (!area.is_polygon()) return on_path(place, area.node);
  if (area.polygon.size() < 3) return false;
  return prepared_shape(area.polygon).holds(place.point);
}

bool scenario_rules::holds(const scenario_area& area, const case_place& place) const {
  if (!area.is_polygon()) return on_path(place, area.node);
  const auto it = prepared_->polygons.find(&area);
  if (it == prepared_->polygons.end()) return contains(area, place);
  return it->second.holds(place.point);
}

// The first rule of `list` that `accepts`, newest contribution first, then in list order.
template <class Rule, class Test>
rule_match<Rule> scenario_rules::first(std::vector<Rule> scenario_rule_set::*list,
                                       Test accepts) const {
  for (const auto& c : contributions_)
    for (const auto& rule : c.rules.*list)
      if (accepts(rule)) return rule_match<Rule>{&rule, &c.scenario};
  return {};
}

rule_match<routing_override> scenario_rules::route(const case_place& place,
                                                   const std::string& category) const {
  return first(&scenario_rule_set::routing, [&](const routing_override& o) {
    return takes(o, category) && holds(o.area, place);
  });
}

rule_match<routing_override> scenario_rules::station(const std::string& node,
                                                     const case_place& place,
                                                     const std::string& category) const {
  return first(&scenario_rule_set::routing, [&](const routing_override& o) {
    return o.node == node && takes(o, category) && holds(o.area, place);
  });
}

rule_match<sla_override> scenario_rules::sla(const std::string& category,
                                             const case_place& place) const {
  return first(&scenario_rule_set::sla, [&](const sla_override& o) {
    return category_matches(o.category, category) && (!o.area || holds(*o.area, place));
  });
}

rule_match<priority_override> scenario_rules::priority(const std::string& category,
                                                       const case_place& place) const {
  return first(&scenario_rule_set::priority, [&](const priority_override& o) {
    return category_matches(o.category, category) && (!o.area || holds(*o.area, place));
  });
}

bool handles(const config::department& d, const std::string& category) {
  if (category.empty()) return false;
  for (const auto& c : d.categories)
    if (category_matches(c, category)) return true;
  return false;
}

const config::department* stationed_for(const routing_override& o, const config::city_model& city,
                                        const std::string& category,
                                        const std::vector<std::string>& returned) {
  for (const auto& id : o.departments) {
    if (contains_id(returned, id)) continue;
    const auto* d = city.find_department(id);
    if (d && handles(*d, category)) return d;
  }
  return nullptr;
}

const config::department* station_department(const case_record& r, const scenario_rules* rules,
                                             const config::city_model& city) {
  if (!rules || rules->empty()) return nullptr;
  const auto s = rules->station(r.node, place_of(r), r.category);
  return s ? stationed_for(*s.rule, city, r.category, r.returned_by) : nullptr;
}

std::optional<config::sla_limit> sla_limit_for(const scenario_rules* rules,
                                               const config::city_model& city,
                                               const std::string& category,
                                               const case_place& place) {
  if (rules)
    if (const auto m = rules->sla(category, place)) return m.rule->limit;
  if (const auto* cat = city.find_category(category)) return cat->sla;
  return std::nullopt;
}

namespace {

// Routing's proposal for a case of `category` waiting at `node`: a stationed department of
// `station`, else the normal route from the node.
std::string proposal(const routing_override* station, const config::city_model& city,
                     const std::string& category, const std::string& node) {
  if (category.empty()) return {};
  if (station)
    if (const auto* d = stationed_for(*station, city, category)) return d->id;
  const auto* d = city.route(category, node);
  return d ? d->id : std::string();
}

bool adjustable(case_status s) {
  switch (s) {
    case case_status::reported:
    case case_status::verified:
    case case_status::accepted:
    case case_status::returned:
    case case_status::escalated:
    case case_status::dispatched:
      return true;
    default:
      return false;
  }
}

// apply_to_report's node, department and priority.
void apply_rules(case_event& ev, const scenario_rules& rules, const config::city_model& city) {
  if (rules.empty()) return;
  const auto place = place_of(ev);
  auto& applied = ev.report.scenarios;
  if (const auto r = rules.route(place, ev.category)) {
    ev.node = r.rule->node;
    ev.department = proposal(r.rule, city, ev.category, ev.node);
    add_scenario(applied, r.scenario);
  }
  if (ev.category.empty()) return;
  if (const auto s = rules.sla(ev.category, place)) add_scenario(applied, s.scenario);
  if (const auto p = rules.priority(ev.category, place)) {
    if (p.rule->priority > ev.report.priority) ev.report.priority = p.rule->priority;
    add_scenario(applied, p.scenario);
  }
}

}  // namespace

void apply_to_report(case_event& ev, const scenario_rules& rules, const config::city_model& city,
                     const sla_calendar& calendar) {
  apply_rules(ev, rules, city);
  // The deadline last, from the category, place and priority the rules leave. Without rules a
  // normal report keeps the catalogue's deadline intake gave it.
  if (!rules.empty() || ev.report.priority == case_priority::urgent)
    settle_deadline(ev, &rules, city, calendar);
}

std::optional<case_adjustment> adjustment_for(const case_record& r, const scenario_rules* rules,
                                              const config::city_model& city,
                                              const sla_calendar& calendar, std::int64_t now_ms) {
  if (!adjustable(r.status) || r.location_path.empty()) return std::nullopt;
  const auto place = place_of(r);
  case_adjustment out;
  bool changed = false;

  // Where the case should wait: a routing override's node; else where it is, unless that is
  // a node off its own path (only a rule puts a case there), then back to its report node.
  const auto route = rules ? rules->route(place, r.category) : rule_match<routing_override>{};
  std::string target = r.node;
  if (route) {
    target = route.rule->node;
    add_scenario(out.scenarios, route.scenario);
  } else if (!on_path(place, r.node)) {
    target = r.location_path.back();
  }
  const auto station =
      rules ? rules->station(target, place, r.category) : rule_match<routing_override>{};
  out.node = target;
  out.department = r.department;
  if (target != r.node) {
    changed = true;
    out.recall = r.status == case_status::dispatched;
    out.department = proposal(station.rule, city, r.category, target);
  } else if (r.status == case_status::dispatched && station &&
             !contains_id(station.rule->departments, r.department) &&
             stationed_for(*station.rule, city, r.category)) {
    // Dispatched at the war-room node to a department not stationed there: recalled, so the
    // centre dispatches it among those on site.
    changed = true;
    out.recall = true;
    out.department = proposal(station.rule, city, r.category, target);
    add_scenario(out.scenarios, station.scenario);
  }

  if (!r.category.empty() && rules) {
    // A raised priority (urgent) shortens the deadline like an SLA rule does: counted from
    // the start of the case's SLA window, only ever earlier, and — for an SLA rule with a
    // grace — not before now plus that grace, so no open case is overdue the moment it lands.
    const auto s = rules->sla(r.category, place);
    const auto p = rules->priority(r.category, place);
    const bool raised = p && p.rule->priority > r.report.priority;
    if (raised) out.priority = p.rule->priority;
    if (s || raised) {
      auto due = case_deadline(rules, city, calendar, r.category, place,
                               out.priority.value_or(r.report.priority), r.sla_start_ms);
      if (s && s.rule->open_case_grace_ms > 0)
        due = std::max(due, now_ms + s.rule->open_case_grace_ms);
      if (r.deadline_ms == 0 || due < r.deadline_ms) {
        out.deadline_ms = due;
        changed = true;
        if (s) add_scenario(out.scenarios, s.scenario);
      }
    }
    if (raised) {
      changed = true;
      add_scenario(out.scenarios, p.scenario);
    }
  }
  if (!changed) return std::nullopt;
  return out;
}

}  // namespace cityops::domain
