#pragma once
// The city model: tier tree, departments, category catalogue, routing rules and SLA limits.
// Immutable once loaded; shared read-only by every room (const city_model&), so all member
// functions are const and thread-safe. Built by config/city_loader.hpp.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/district_map.hpp"

namespace cityops::config {

enum class tier : std::uint8_t { community = 0, street = 1, district = 2, city = 3 };

std::string_view to_string(tier t);
std::optional<tier> parse_tier(std::string_view s);

struct node {
  std::string id;      // official division code, e.g. "370602001"
  std::string name;    // 向阳街道
  config::tier tier = tier::community;
  std::string parent;  // empty for the city
  double lat = 0;
  double lon = 0;
};

struct department {
  std::string id;    // ASCII, e.g. "city.municipal_maintenance", "370602.urban_mgmt"
  std::string name;  // 烟台市市政养护中心
  config::tier tier = tier::city;
  std::string node;  // the tier node it belongs to
  std::string kind;  // what routing rules refer to, e.g. "municipal_maintenance"
  std::vector<std::string> categories;  // minor category codes it handles
};

enum class sla_unit : std::uint8_t { hours = 0, working_days = 1 };
std::string_view to_string(sla_unit u);

struct sla_limit {
  std::uint32_t limit = 0;
  sla_unit unit = sla_unit::working_days;
};

struct category {
  std::string code;   // minor code "0101": the major's two digits, then two of its own
  std::string name;   // 井盖缺失/塌陷
  std::string major;  // major category code, e.g. "01"
  sla_limit sla;
  std::vector<std::string> keywords;  // for later classification; may be empty
  std::optional<sla_limit> urgent_sla = std::nullopt;  // an urgent case's limit; unset: its major's
};

struct major_category {
  std::string code;  // "01"
  std::string name;  // 公共设施
  std::string kind;  // "component" (部件) or "event" (事件)
  std::optional<sla_limit> urgent_sla = std::nullopt;  // the urgent limit of its minors that set none
};

// One routing rule: a case of `category` (a minor code, or a major code matching all its
// minors) found at a node of `tier` goes to the department of `department_kind` that sits
// at that node or at its nearest ancestor of that tier.
struct routing_rule {
  std::string category;
  config::tier tier = tier::street;
  std::string department_kind;
};

// A public holiday range or a make-up working day (调休), inclusive dates "YYYY-MM-DD".
struct calendar_day {
  std::string date;
  bool working = false;  // true: a weekend day that is worked (调休)
  std::string name;
};

class city_model {
 public:
  std::string city_id;    // root node id, e.g. "3706"
  std::string city_name;  // 烟台市

  // Lookups return nullptr when the id is unknown.
  const node* find_node(std::string_view id) const;
  const department* find_department(std::string_view id) const;
  const category* find_category(std::string_view code) const;
  const major_category* find_major(std::string_view code) const;
  // The urgent limit configured for a category: its own, else its major's; nullopt when
  // neither sets one (an urgent case then runs against its shortest other limit).
  std::optional<sla_limit> urgent_sla(std::string_view code) const;

  const std::vector<node>& nodes() const { return nodes_; }
  const std::vector<department>& departments() const { return departments_; }
  const std::vector<category>& categories() const { return categories_; }
  const std::vector<major_category>& majors() const { return majors_; }
  const std::vector<routing_rule>& routing() const { return routing_; }
  const std::vector<calendar_day>& calendar() const { return calendar_; }

  // Children of a node (ids), in config order; empty for communities.
  const std::vector<std::string>& children(std::string_view id) const;
  // The parent node, nullptr for the city.
  const node* parent(std::string_view id) const;
  // The node itself or its nearest ancestor of tier t; nullptr when there is none.
  const node* ancestor_at(std::string_view id, tier t) const;
  // True when `id` is `root` or lies in its subtree.
  bool in_subtree(std::string_view id, std::string_view root) const;

  // The department that handles `category` for a case at `node_id`, looking only at the
  // node's own tier (no climbing): nullptr when no rule or no such department exists.
  const department* route_at_tier(std::string_view category, std::string_view node_id) const;
  // Climbs from the node's tier upwards (community → street → district → city) and returns the
  // first department found by route_at_tier on the node or an ancestor; nullptr if none.
  const department* route(std::string_view category, std::string_view node_id) const;

  // The community nearest to (lat, lon) in the whole city; nullptr when the model has none.
  // Distances are measured on an equirectangular projection at the city node's latitude.
  const node* nearest_community(double lat, double lon) const;
  // Where a report at (lat, lon) belongs. With a district map: the community nearest to the
  // point among those of the district whose polygon holds it and of the zones it hosts (their
  // nearest street when they have no communities, the district itself when neither); nullptr
  // when the point lies outside every polygon. Without a map: nearest_community().
  const node* locate(double lat, double lon) const;
  // The district outlines (config/district_map.hpp); nullptr when the city has none.
  const std::shared_ptr<const district_map>& map() const { return map_; }

  // Building: used by the loader; call finalize() once after adding everything.
  void add_node(node n);
  void add_department(department d);
  void add_major(major_category m);
  void add_category(category c);
  void add_routing_rule(routing_rule r);
  void add_calendar_day(calendar_day d);
  void set_map(std::shared_ptr<const district_map> m) { map_ = std::move(m); }
  // Builds indexes; returns a list of problems (empty when the model is consistent):
  // dangling parents, departments on unknown nodes, rules naming unknown categories/kinds...
  std::vector<std::string> finalize();

 private:
  std::vector<node> nodes_;
  std::vector<department> departments_;
  std::vector<category> categories_;
  std::vector<major_category> majors_;
  std::vector<routing_rule> routing_;
  std::vector<calendar_day> calendar_;
  std::unordered_map<std::string, std::size_t> node_index_;
  std::unordered_map<std::string, std::size_t> department_index_;
  std::unordered_map<std::string, std::size_t> category_index_;
  std::unordered_map<std::string, std::size_t> major_index_;
  std::unordered_map<std::string, std::vector<std::string>> children_;
  // (node id, department kind) -> department index
  std::map<std::pair<std::string, std::string>, std::size_t> department_by_node_kind_;

  // category or major code -> index into routing_ per tier (no_rule when there is none).
  static constexpr std::size_t no_rule = static_cast<std::size_t>(-1);
  std::unordered_map<std::string, std::array<std::size_t, 4>> rules_by_category_;

  std::shared_ptr<const district_map> map_;
  // R-tree of the communities and streets for nearest_community and locate
  // (city_geo_index.cpp); built by finalize().
  struct geo_index;
  std::shared_ptr<const geo_index> geo_;
  void build_geo_index(std::vector<std::string>& problems);
  void check_nodes(std::vector<std::string>& problems);
  void check_catalogue(std::vector<std::string>& problems);
  void check_departments(std::vector<std::string>& problems);
  void check_routing(std::vector<std::string>& problems);
  void check_calendar(std::vector<std::string>& problems);
};

}  // namespace cityops::config
