#pragma once
// The mutable city the loader fills while it reads TOML documents, in layers: the embedded
// default city is one layer, a user file extending it (base = "default") the next. Within a
// layer an id may be defined once; an entry of a later layer replaces the earlier one with the
// same id (department id, category/major code, routing category+tier, calendar date).
// Not thread-safe; lives for one load.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "config/city_model.hpp"
#include "config/detail/toml_reader.hpp"

namespace cityops::config::detail {

// Where an entry was defined: the file and the dotted key of its table ("departments[3]").
struct origin {
  std::string file;
  std::string key;
};

// [[department_templates]]: one department of `kind` on every node of `tier`; `name` may use
// {name} and {code} (the node's), {city}, and {district}/{street} (names of its ancestors).
struct department_template {
  config::tier tier = tier::district;
  std::string kind;
  std::string name;
  std::vector<std::string> categories;
  origin where;
};

class city_builder {
 public:
  explicit city_builder(error_slot& errors) : errors_(errors) {}

  // Takes every entry of `base` as layer 0 and starts layer 1.
  void adopt(const city_model& base);

  bool has_nodes() const { return !nodes_.empty(); }
  void set_divisions(std::vector<node> nodes);
  // The district outlines ([map] districts): nodes are placed inside them, pins must lie in
  // them, and the built city keeps them for locate() and GET /api/v1/city/map.
  void set_map(std::shared_ptr<const district_map> map) { map_ = std::move(map); }
  void add_position(std::string node_id, double lat, double lon, origin where);
  void add_major(major_category m, origin where);
  void add_category(category c, origin where);
  void add_department(department d, origin where);
  void add_template(department_template t);
  void add_rule(routing_rule r, origin where);
  void add_calendar_day(calendar_day d, origin where);

  // Ends the layer: checks the layer's references (naming file and key), expands templates,
  // places nodes without coordinates and completes each department's category list with the
  // minor categories the routing rules send to it.
  void finish_layer();
  // Fills `out` and finalizes it; a problem finalize() reports becomes the error, on `file`.
  void build(city_model& out, const std::string& file) const;

 private:
  template <class T>
  struct layered {
    struct entry {
      T value;
      origin where;
      int layer = 0;
      bool generated = false;  // made by a template: an explicit entry of the layer wins
    };
    std::vector<entry> entries;
    std::unordered_map<std::string, std::size_t> index;
  };
  template <class T>
  void put(layered<T>& list, const std::string& id, T value, origin where, std::string_view what,
           bool generated = false);

  struct position {
    double lat = 0;
    double lon = 0;
    origin where;
  };

  const node* find_node(std::string_view id) const;
  void check_layer();
  void expand_templates();
  void place_nodes();
  std::optional<std::size_t> territory_of(const node& n) const;
  void check_pins_in_territory();
  void complete_department_categories();
  std::optional<std::string> render_name(const department_template& t, const node& at);

  error_slot& errors_;
  int layer_ = 0;
  std::vector<node> nodes_;
  std::vector<bool> placed_;
  std::unordered_map<std::string, std::size_t> node_index_;
  std::vector<std::pair<std::string, position>> positions_;  // this layer's
  std::shared_ptr<const district_map> map_;
  layered<major_category> majors_;
  layered<category> categories_;
  layered<department> departments_;
  std::vector<department_template> templates_;  // this layer's
  layered<routing_rule> rules_;
  layered<calendar_day> calendar_;
};

}  // namespace cityops::config::detail
