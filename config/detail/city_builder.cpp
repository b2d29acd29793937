#include "config/detail/city_builder.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace cityops::config::detail {

namespace {

std::string rule_id(const routing_rule& r) {
  return r.category + "@" + std::string(to_string(r.tier));
}

// The placeholders a template of tier `t` may use; {district} and {street} name ancestors.
bool placeholder_allowed(std::string_view p, tier t) {
  if (p == "name" || p == "code" || p == "city") return true;
  if (p == "district") return t <= tier::district;
  if (p == "street") return t <= tier::street;
  return false;
}

}  // namespace

template <class T>
void city_builder::put(layered<T>& list, const std::string& id, T value, origin where,
                       std::string_view what, bool generated) {
  auto [it, fresh] = list.index.emplace(id, list.entries.size());
  if (fresh) {
    list.entries.push_back({std::move(value), std::move(where), layer_, generated});
    return;
  }
  auto& e = list.entries[it->second];
  if (e.layer == layer_ && !e.generated) {
    if (generated) return;  // an explicit entry of this layer overrides the template's
    errors_.fail(where.file, where.key,
                 "duplicate " + std::string(what) + " '" + id + "' (already defined at " +
                     e.where.key + (e.where.file == where.file ? "" : " in " + e.where.file) + ")");
    return;
  }
  e.value = std::move(value);
  e.where = std::move(where);
  e.layer = layer_;
  e.generated = generated;
}

void city_builder::adopt(const city_model& base) {
  layer_ = 0;
  set_divisions(base.nodes());
  std::fill(placed_.begin(), placed_.end(), true);
  map_ = base.map();
  const origin from_base{"(base city)", ""};
  for (const auto& m : base.majors()) put(majors_, m.code, m, from_base, "major");
  for (const auto& c : base.categories()) put(categories_, c.code, c, from_base, "category");
  for (const auto& d : base.departments()) put(departments_, d.id, d, from_base, "department");
  for (const auto& r : base.routing()) put(rules_, rule_id(r), r, from_base, "routing rule");
  for (const auto& d : base.calendar()) put(calendar_, d.date, d, from_base, "calendar date");
  layer_ = 1;
}

const node* city_builder::find_node(std::string_view id) const {
  auto it = node_index_.find(std::string(id));
  return it == node_index_.end() ? nullptr : &nodes_[it->second];
}

void city_builder::set_divisions(std::vector<node> nodes) {
  nodes_ = std::move(nodes);
  placed_.assign(nodes_.size(), false);
  node_index_.clear();
  for (std::size_t i = 0; i < nodes_.size(); ++i) node_index_.emplace(nodes_[i].id, i);
}

void city_builder::add_position(std::string node_id, double lat, double lon, origin where) {
  for (const auto& [id, p] : positions_)
    if (id == node_id) {
      errors_.fail(where.file, where.key + ".node",
                   "duplicate position of node '" + node_id + "' (already at " + p.where.key + ")");
      return;
    }
  positions_.emplace_back(std::move(node_id), position{lat, lon, std::move(where)});
}

void city_builder::add_major(major_category m, origin where) {
  const std::string id = m.code;
  put(majors_, id, std::move(m), std::move(where), "major category");
}

void city_builder::add_category(category c, origin where) {
  const std::string id = c.code;
  put(categories_, id, std::move(c), std::move(where), "category");
}

void city_builder::add_department(department d, origin where) {
  const std::string id = d.id;
  put(departments_, id, std::move(d), std::move(where), "department");
}

void city_builder::add_template(department_template t) {
  for (const auto& other : templates_)
    if (other.tier == t.tier && other.kind == t.kind) {
      errors_.fail(t.where.file, t.where.key + ".kind",
                   "duplicate template for kind '" + t.kind + "' at " +
                       std::string(to_string(t.tier)) + " tier (already at " + other.where.key +
                       ")");
      return;
    }
  for (std::size_t open = t.name.find('{'); open != std::string::npos;
       open = t.name.find('{', open + 1)) {
    const std::size_t close = t.name.find('}', open);
    const std::string p =
        close == std::string::npos ? std::string() : t.name.substr(open + 1, close - open - 1);
    if (!placeholder_allowed(p, t.tier)) {
      errors_.fail(t.where.file, t.where.key + ".name",
                   "bad placeholder in '" + t.name + "': a " + std::string(to_string(t.tier)) +
                       " template may use {name}, {code}, {city}" +
                       (t.tier <= tier::district ? ", {district}" : "") +
                       (t.tier <= tier::street ? ", {street}" : ""));
      return;
    }
  }
  templates_.push_back(std::move(t));
}

void city_builder::add_rule(routing_rule r, origin where) {
  const std::string id = rule_id(r);
  put(rules_, id, std::move(r), std::move(where), "routing rule for category@tier");
}

void city_builder::add_calendar_day(calendar_day d, origin where) {
  const std::string id = d.date;
  put(calendar_, id, std::move(d), std::move(where), "calendar date");
}

std::optional<std::string> city_builder::render_name(const department_template& t, const node& at) {
  std::string out;
  for (std::size_t i = 0; i < t.name.size(); ++i) {
    if (t.name[i] != '{') {
      out += t.name[i];
      continue;
    }
    const std::size_t close = t.name.find('}', i);
    const std::string p = t.name.substr(i + 1, close - i - 1);
    i = close;
    if (p == "name") {
      out += at.name;
    } else if (p == "code") {
      out += at.id;
    } else {
      const tier want = p == "city" ? tier::city : p == "district" ? tier::district : tier::street;
      const node* n = &at;
      while (n && n->tier < want) n = find_node(n->parent);
      if (!n || n->tier != want) {
        errors_.fail(t.where.file, t.where.key + ".name",
                     "node '" + at.id + "' has no " + std::string(to_string(want)) +
                         " ancestor for {" + p + "}");
        return std::nullopt;
      }
      out += n->name;
    }
  }
  return out;
}

void city_builder::expand_templates() {
  for (const auto& t : templates_) {
    for (const node& n : nodes_) {
      if (n.tier != t.tier) continue;
      auto name = render_name(t, n);
      if (!name) return;
      department d;
      d.id = n.id + "." + t.kind;
      d.name = std::move(*name);
      d.tier = t.tier;
      d.node = n.id;
      d.kind = t.kind;
      d.categories = t.categories;
      const std::string id = d.id;  // not d.id: `d` is moved into the call
      put(departments_, id, std::move(d), t.where, "department", true);
    }
  }
}

void city_builder::check_layer() {
  for (const auto& [id, p] : positions_)
    if (!find_node(id))
      errors_.fail(p.where.file, p.where.key + ".node", "unknown node '" + id + "'");
  for (const auto& e : categories_.entries)
    if (e.layer == layer_ && !majors_.index.count(e.value.major))
      errors_.fail(e.where.file, e.where.key + ".code",
                   "major category '" + e.value.major + "' of '" + e.value.code +
                       "' is not defined (add it to [[majors]])");
  std::set<std::pair<tier, std::string>> kinds;
  for (auto& e : departments_.entries) {
    department& d = e.value;
    kinds.emplace(d.tier, d.kind);
    if (e.layer != layer_) continue;
    const node* at = find_node(d.node);
    if (!at) {
      errors_.fail(e.where.file, e.where.key + ".node", "unknown node '" + d.node + "'");
      continue;
    }
    if (at->tier != d.tier)
      errors_.fail(e.where.file, e.where.key + ".tier",
                   "node '" + d.node + "' (" + at->name + ") is a " +
                       std::string(to_string(at->tier)) + ", not a " +
                       std::string(to_string(d.tier)));
    // A major code in `categories` stands for all of its minors.
    std::vector<std::string> minors;
    for (std::size_t i = 0; i < d.categories.size(); ++i) {
      const std::string& code = d.categories[i];
      if (categories_.index.count(code)) {
        minors.push_back(code);
      } else if (majors_.index.count(code)) {
        for (const auto& c : categories_.entries)
          if (c.value.major == code) minors.push_back(c.value.code);
      } else {
        errors_.fail(e.where.file, e.where.key + ".categories[" + std::to_string(i) + "]",
                     "unknown category '" + code + "'");
      }
    }
    d.categories = std::move(minors);
  }
  for (const auto& e : rules_.entries) {
    if (e.layer != layer_) continue;
    const routing_rule& r = e.value;
    if (!categories_.index.count(r.category) && !majors_.index.count(r.category))
      errors_.fail(e.where.file, e.where.key + ".category",
                   "unknown category '" + r.category + "' (neither a category nor a major)");
    else if (!kinds.count({r.tier, r.department_kind}))
      errors_.fail(e.where.file, e.where.key + ".department_kind",
                   "no department of kind '" + r.department_kind + "' at " +
                       std::string(to_string(r.tier)) + " tier");
  }
}

void city_builder::complete_department_categories() {
  std::map<std::pair<std::string, tier>, std::string> kind_of;  // (category, tier) -> kind
  for (const auto& e : rules_.entries)
    kind_of[{e.value.category, e.value.tier}] = e.value.department_kind;
  auto rule_kind = [&](const std::string& code, tier t) -> const std::string* {
    auto it = kind_of.find({code, t});
    return it == kind_of.end() ? nullptr : &it->second;
  };
  for (auto& e : departments_.entries) {
    department& d = e.value;
    for (const auto& c : categories_.entries) {
      const std::string* minor = rule_kind(c.value.code, d.tier);
      const std::string* major = rule_kind(c.value.major, d.tier);
      const bool routed = minor ? *minor == d.kind : major && *major == d.kind;
      if (routed &&
          std::find(d.categories.begin(), d.categories.end(), c.value.code) == d.categories.end())
        d.categories.push_back(c.value.code);
    }
  }
}

void city_builder::finish_layer() {
  if (!errors_.ok()) return;
  expand_templates();
  if (errors_.ok()) check_layer();
  if (errors_.ok()) place_nodes();
  if (errors_.ok()) complete_department_categories();
  positions_.clear();
  templates_.clear();
  ++layer_;
}

void city_builder::build(city_model& out, const std::string& file) const {
  out = city_model{};
  for (const node& n : nodes_) {
    if (n.tier == tier::city) {
      out.city_id = n.id;
      out.city_name = n.name;
    }
    out.add_node(n);
  }
  for (const auto& e : majors_.entries) out.add_major(e.value);
  for (const auto& e : categories_.entries) out.add_category(e.value);
  for (const auto& e : departments_.entries) out.add_department(e.value);
  for (const auto& e : rules_.entries) out.add_routing_rule(e.value);
  for (const auto& e : calendar_.entries) out.add_calendar_day(e.value);
  out.set_map(map_);
  const auto problems = out.finalize();
  if (!problems.empty())
    errors_.fail(file, "",
                 "inconsistent city: " + problems.front() +
                     (problems.size() > 1
                          ? " (and " + std::to_string(problems.size() - 1) + " more problems)"
                          : ""));
}

}  // namespace cityops::config::detail
