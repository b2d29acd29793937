#include "tools/eval/department_metrics.hpp"

#include <map>

namespace cityops::eval {

std::vector<std::string> sample_communities(const config::city_model& city, std::size_t every) {
  std::vector<std::string> out;
  if (every == 0) return out;
  std::size_t seen = 0;
  for (const auto& n : city.nodes()) {
    if (n.tier != config::tier::community) continue;
    if (seen++ % every == 0) out.push_back(n.id);
  }
  return out;
}

department_metrics measure_departments(const std::vector<classified_text>& items,
                                       const config::city_model& city,
                                       const std::vector<std::string>& node_ids) {
  department_metrics m;
  m.nodes = node_ids.size();
  // Routes per category, one entry per node: each category is routed once per node.
  std::map<std::string, std::vector<const config::department*>> routes;
  auto routed = [&](const std::string& category) -> const std::vector<const config::department*>& {
    auto it = routes.find(category);
    if (it != routes.end()) return it->second;
    std::vector<const config::department*> per_node;
    per_node.reserve(node_ids.size());
    for (const auto& id : node_ids) per_node.push_back(city.route(category, id));
    return routes.emplace(category, std::move(per_node)).first->second;
  };
  std::size_t same_department = 0;
  std::size_t same_category = 0;
  for (const auto& item : items) {
    const auto& truth = routed(item.truth);
    const auto& predicted = routed(item.predicted());
    for (std::size_t i = 0; i < node_ids.size(); ++i) {
      if (truth[i] == nullptr) {
        ++m.unroutable;
        continue;
      }
      ++m.decisions;
      same_department += predicted[i] != nullptr && predicted[i]->id == truth[i]->id;
      same_category += item.correct();
    }
  }
  if (m.decisions > 0) {
    m.accuracy = static_cast<double>(same_department) / static_cast<double>(m.decisions);
    m.category_accuracy = static_cast<double>(same_category) / static_cast<double>(m.decisions);
  }
  return m;
}

}  // namespace cityops::eval
