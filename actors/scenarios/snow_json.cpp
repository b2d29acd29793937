#include "actors/scenarios/snow_json.hpp"

#include "actors/domain/iso_time.hpp"

namespace cityops::scenarios {

std::string assessment_json(const domain::snow_assessment& a) {
  return "{\"warning\":" + json_text(domain::to_string(a.by_warning)) +
         ",\"snowfall\":" + json_text(domain::to_string(a.by_snowfall)) +
         ",\"temperature\":" + json_text(domain::to_string(a.by_temperature)) +
         ",\"hot_spots\":" + json_text(domain::to_string(a.by_hot_spots)) + "}";
}

std::string profile_json(const domain::snow_profile& p, domain::snow_level level) {
  const auto* x = domain::profile_at(p, level);
  if (!x) return "null";
  std::string sla = "null";
  if (x->sla)
    sla = "{\"limit\":" + std::to_string(x->sla->limit) + ",\"unit\":\"" +
          std::string(config::to_string(x->sla->unit)) + "\"}";
  return "{\"categories\":" + json_list(domain::categories_at(p, level)) + ",\"sla\":" + sla +
         ",\"urgent\":" + (x->urgent ? "true" : "false") + ",\"centre\":" +
         (x->centre.empty() ? std::string("null") : json_text(x->centre)) +
         ",\"departments\":" + json_list(x->departments) + "}";
}

std::string roads_json(const std::vector<domain::road_rank>& roads, const config::city_model& city) {
  std::string out = "[";
  for (std::size_t i = 0; i < roads.size(); ++i) {
    const auto& r = roads[i];
    const auto* node = city.find_node(r.node);
    out += (i ? "," : "");
    out += "{\"rank\":" + std::to_string(i + 1) + ",\"road\":" +
           (r.road.empty() ? std::string("null") : json_text(r.road)) +
           ",\"node\":" + json_text(r.node) +
           ",\"node_name\":" + json_text(node ? node->name : r.node) +
           ",\"score\":" + json_number(r.score) + ",\"reports\":" + std::to_string(r.reports) +
           ",\"open\":" + std::to_string(r.open) + ",\"urgent\":" + std::to_string(r.urgent) +
           ",\"last\":" + json_time(r.last_ms) + ",\"cases\":" + json_list(r.cases) + "}";
  }
  return out + "]";
}

}  // namespace cityops::scenarios
