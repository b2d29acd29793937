#include "actors/domain/risk_observation.hpp"

#include <algorithm>

#include "actors/domain/text_signature.hpp"

namespace cityops::domain {
namespace {

// The node and its ancestors, city first; an unknown node stands alone.
std::vector<std::string> path_to(const config::city_model& city, const std::string& node) {
  std::vector<std::string> path;
  if (node.empty()) return path;
  path.push_back(node);
  for (const config::node* p = city.parent(node); p != nullptr; p = city.parent(p->id))
    path.push_back(p->id);
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace

std::string address_key(std::string_view address, const simplified_chinese& simplifier) {
  if (address.empty()) return {};
  return normalize_for_matching(simplifier.convert(address));
}

risk_observation observe(const case_record& record, const config::city_model& city,
                         const simplified_chinese& simplifier) {
  risk_observation o;
  o.case_id = record.id;
  o.at_ms = record.created_ms;
  o.category = record.category.empty() ? record.report.category : record.category;
  o.reporter_hash = record.report.reporter_hash;
  o.address_key = address_key(record.report.address, simplifier);
  o.lat = record.report.lat;
  o.lon = record.report.lon;
  o.has_location = record.report.has_location;
  o.scope_nodes = record.location_path.empty() ? path_to(city, record.node)
                                               : record.location_path;
  for (const auto& id : o.scope_nodes) {
    const config::node* n = city.find_node(id);
    if (n == nullptr) continue;
    if (n->tier == config::tier::district) o.district = id;
    if (n->tier == config::tier::street) o.street = id;
  }
  return o;
}

risk_observation observe(const case_record& record, const config::city_model& city) {
  static const simplified_chinese simplifier;
  return observe(record, city, simplifier);
}

}  // namespace cityops::domain
