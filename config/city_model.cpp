#include "config/city_model.hpp"

#include <set>
#include <utility>

#include "config/civil_date.hpp"

namespace cityops::config {

namespace {

constexpr std::size_t tier_count = 4;

std::size_t tier_slot(tier t) { return static_cast<std::size_t>(t); }

template <class Map>
auto find_in(const Map& map, std::string_view key) {
  return map.find(std::string(key));
}

}  // namespace

std::string_view to_string(tier t) {
  switch (t) {
    case tier::community:
      return "community";
    case tier::street:
      return "street";
    case tier::district:
      return "district";
    case tier::city:
      return "city";
  }
  return "unknown";
}

std::optional<tier> parse_tier(std::string_view s) {
  if (s == "community") return tier::community;
  if (s == "street") return tier::street;
  if (s == "district") return tier::district;
  if (s == "city") return tier::city;
  return std::nullopt;
}

std::string_view to_string(sla_unit u) { return u == sla_unit::hours ? "hours" : "working_days"; }

// ---- lookups ----------------------------------------------------------------------------

const node* city_model::find_node(std::string_view id) const {
  auto it = find_in(node_index_, id);
  return it == node_index_.end() ? nullptr : &nodes_[it->second];
}

const department* city_model::find_department(std::string_view id) const {
  auto it = find_in(department_index_, id);
  return it == department_index_.end() ? nullptr : &departments_[it->second];
}

const category* city_model::find_category(std::string_view code) const {
  auto it = find_in(category_index_, code);
  return it == category_index_.end() ? nullptr : &categories_[it->second];
}

const major_category* city_model::find_major(std::string_view code) const {
  auto it = find_in(major_index_, code);
  return it == major_index_.end() ? nullptr : &majors_[it->second];
}

std::optional<sla_limit> city_model::urgent_sla(std::string_view code) const {
  const auto* c = find_category(code);
  if (!c) return std::nullopt;
  if (c->urgent_sla) return c->urgent_sla;
  const auto* m = find_major(c->major);
  return m ? m->urgent_sla : std::nullopt;
}

// ---- the tier tree -----------------------------------------------------------------------

const std::vector<std::string>& city_model::children(std::string_view id) const {
  static const std::vector<std::string> none;
  auto it = find_in(children_, id);
  return it == children_.end() ? none : it->second;
}

const node* city_model::parent(std::string_view id) const {
  const node* n = find_node(id);
  return n && !n->parent.empty() ? find_node(n->parent) : nullptr;
}

const node* city_model::ancestor_at(std::string_view id, tier t) const {
  // Parents have strictly higher tiers (finalize checks it), so this climbs at most 3 steps.
  for (const node* n = find_node(id); n; n = n->parent.empty() ? nullptr : find_node(n->parent)) {
    if (n->tier == t) return n;
    if (n->tier > t) return nullptr;
  }
  return nullptr;
}

bool city_model::in_subtree(std::string_view id, std::string_view root) const {
  for (const node* n = find_node(id); n; n = n->parent.empty() ? nullptr : find_node(n->parent))
    if (n->id == root) return true;
  return false;
}

// ---- routing -----------------------------------------------------------------------------

const department* city_model::route_at_tier(std::string_view category_code,
                                            std::string_view node_id) const {
  const node* at = find_node(node_id);
  if (!at) return nullptr;
  // Candidate rule categories, most specific first: the minor code, then its major.
  std::string_view codes[2];
  std::size_t count = 0;
  if (const category* c = find_category(category_code)) {
    codes[count++] = c->code;
    codes[count++] = c->major;
  } else if (find_major(category_code)) {
    codes[count++] = category_code;
  } else {
    return nullptr;
  }
  for (std::size_t i = 0; i < count; ++i) {
    auto rules = find_in(rules_by_category_, codes[i]);
    if (rules == rules_by_category_.end()) continue;
    const std::size_t rule = rules->second[tier_slot(at->tier)];
    if (rule == no_rule) continue;
    // The rule's tier is the node's own tier, so the department must sit at the node itself.
    auto dept = department_by_node_kind_.find({at->id, routing_[rule].department_kind});
    if (dept != department_by_node_kind_.end()) return &departments_[dept->second];
  }
  return nullptr;
}

const department* city_model::route(std::string_view category_code,
                                    std::string_view node_id) const {
  for (const node* n = find_node(node_id); n;
       n = n->parent.empty() ? nullptr : find_node(n->parent)) {
    if (const department* d = route_at_tier(category_code, n->id)) return d;
  }
  return nullptr;
}

// ---- building ----------------------------------------------------------------------------

void city_model::add_node(node n) { nodes_.push_back(std::move(n)); }
void city_model::add_department(department d) { departments_.push_back(std::move(d)); }
void city_model::add_major(major_category m) { majors_.push_back(std::move(m)); }
void city_model::add_category(category c) { categories_.push_back(std::move(c)); }
void city_model::add_routing_rule(routing_rule r) { routing_.push_back(std::move(r)); }
void city_model::add_calendar_day(calendar_day d) { calendar_.push_back(std::move(d)); }

std::vector<std::string> city_model::finalize() {
  // Everything is rebuilt from the vectors, so calling finalize() again after more add_*()
  // calls is fine.
  std::vector<std::string> problems;
  check_nodes(problems);
  check_catalogue(problems);
  check_departments(problems);
  check_routing(problems);
  check_calendar(problems);
  build_geo_index(problems);
  return problems;
}

void city_model::check_nodes(std::vector<std::string>& problems) {
  node_index_.clear();
  children_.clear();
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (!node_index_.emplace(nodes_[i].id, i).second)
      problems.push_back("duplicate node id '" + nodes_[i].id + "'");
  const node* root = nullptr;
  std::size_t roots = 0;
  for (const node& n : nodes_) {
    if (n.tier == tier::city) {
      ++roots;
      root = &n;
      if (!n.parent.empty())
        problems.push_back("city node '" + n.id + "' must not have a parent ('" + n.parent + "')");
      continue;
    }
    if (n.parent.empty()) {
      problems.push_back("node '" + n.id + "' (" + std::string(to_string(n.tier)) +
                         ") has no parent");
      continue;
    }
    const node* p = find_node(n.parent);
    if (!p) {
      problems.push_back("node '" + n.id + "' has unknown parent '" + n.parent + "'");
      continue;
    }
    if (p->tier <= n.tier) {
      problems.push_back("node '" + n.id + "' (" + std::string(to_string(n.tier)) +
                         ") has parent '" + p->id + "' of tier " + std::string(to_string(p->tier)) +
                         "; a parent must be of a higher tier");
      continue;
    }
    children_[n.parent].push_back(n.id);
  }
  if (nodes_.empty()) return;
  if (roots != 1) {
    problems.push_back("expected exactly one city node, found " + std::to_string(roots));
  } else {
    if (city_id.empty()) city_id = root->id;
    if (city_name.empty()) city_name = root->name;
    if (city_id != root->id)
      problems.push_back("city id '" + city_id + "' is not the city node '" + root->id + "'");
  }
}

void city_model::check_catalogue(std::vector<std::string>& problems) {
  major_index_.clear();
  category_index_.clear();
  for (std::size_t i = 0; i < majors_.size(); ++i) {
    const major_category& m = majors_[i];
    if (!major_index_.emplace(m.code, i).second)
      problems.push_back("duplicate major category '" + m.code + "'");
    if (m.kind != "component" && m.kind != "event")
      problems.push_back("major category '" + m.code + "' has kind '" + m.kind +
                         "' (expected component or event)");
  }
  for (std::size_t i = 0; i < categories_.size(); ++i) {
    const category& c = categories_[i];
    if (!category_index_.emplace(c.code, i).second)
      problems.push_back("duplicate category '" + c.code + "'");
    if (major_index_.count(c.code))
      problems.push_back("category '" + c.code + "' uses the code of a major category");
    if (!major_index_.count(c.major))
      problems.push_back("category '" + c.code + "' (" + c.name + ") has unknown major '" +
                         c.major + "'");
    if (c.sla.limit == 0) problems.push_back("category '" + c.code + "' has an SLA limit of 0");
  }
}

void city_model::check_departments(std::vector<std::string>& problems) {
  department_index_.clear();
  department_by_node_kind_.clear();
  for (std::size_t i = 0; i < departments_.size(); ++i) {
    const department& d = departments_[i];
    if (!department_index_.emplace(d.id, i).second)
      problems.push_back("duplicate department id '" + d.id + "'");
    if (d.kind.empty()) problems.push_back("department '" + d.id + "' has no kind");
    const node* at = find_node(d.node);
    if (!at) {
      problems.push_back("department '" + d.id + "' is on unknown node '" + d.node + "'");
    } else if (at->tier != d.tier) {
      problems.push_back("department '" + d.id + "' has tier " + std::string(to_string(d.tier)) +
                         " but its node '" + d.node + "' is a " + std::string(to_string(at->tier)));
    }
    auto [it, fresh] = department_by_node_kind_.emplace(std::make_pair(d.node, d.kind), i);
    if (!fresh)
      problems.push_back("departments '" + departments_[it->second].id + "' and '" + d.id +
                         "' both have kind '" + d.kind + "' on node '" + d.node + "'");
    for (const std::string& code : d.categories)
      if (!category_index_.count(code))
        problems.push_back("department '" + d.id + "' handles unknown category '" + code + "'");
  }
}

void city_model::check_routing(std::vector<std::string>& problems) {
  rules_by_category_.clear();
  std::set<std::pair<tier, std::string>> kinds;  // which kinds exist at which tier
  for (const department& d : departments_) kinds.emplace(d.tier, d.kind);
  for (std::size_t i = 0; i < routing_.size(); ++i) {
    const routing_rule& r = routing_[i];
    const std::string where = "routing rule " + std::to_string(i) + " (category '" + r.category +
                              "' at " + std::string(to_string(r.tier)) + " tier)";
    if (!category_index_.count(r.category) && !major_index_.count(r.category))
      problems.push_back(where + " names an unknown category");
    if (!kinds.count({r.tier, r.department_kind}))
      problems.push_back(where + ": no department of kind '" + r.department_kind + "' at " +
                         std::string(to_string(r.tier)) + " tier");
    auto [entry, fresh] = rules_by_category_.try_emplace(r.category);
    if (fresh) entry->second.fill(no_rule);
    std::size_t& slot = entry->second[tier_slot(r.tier)];
    if (slot != no_rule)
      problems.push_back(where + " duplicates routing rule " + std::to_string(slot));
    else
      slot = i;
  }
}

void city_model::check_calendar(std::vector<std::string>& problems) {
  std::set<std::string> seen;
  for (const calendar_day& d : calendar_) {
    if (!parse_civil_date(d.date))
      problems.push_back("calendar date '" + d.date + "' is not a valid YYYY-MM-DD date");
    if (!seen.insert(d.date).second)
      problems.push_back("calendar date '" + d.date + "' appears twice");
  }
}

static_assert(tier_count == 4, "rules_by_category_ holds one slot per tier");

}  // namespace cityops::config
