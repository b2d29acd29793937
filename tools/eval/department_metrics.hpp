#pragma once
// Whether a wrong category still reaches the right department: for each held-out text at each
// of a fixed set of community nodes, the department routed for the predicted category
// (city_model::route, climbing the tiers) against the one routed for the true category.
// Pure.

#include <cstddef>
#include <string>
#include <vector>

#include "config/city_model.hpp"
#include "tools/eval/category_metrics.hpp"

namespace cityops::eval {

// Every `every`-th community of city.nodes() (the 1st, the every+1-th, …), in config order.
std::vector<std::string> sample_communities(const config::city_model& city, std::size_t every);

struct department_metrics {
  std::size_t nodes = 0;
  std::size_t decisions = 0;     // (text, node) pairs whose true category routes somewhere
  std::size_t unroutable = 0;    // pairs whose true category routes nowhere (left out)
  double accuracy = 0;           // same department for the predicted and the true category
  double category_accuracy = 0;  // top-1 over the same pairs, for comparison
};

department_metrics measure_departments(const std::vector<classified_text>& items,
                                       const config::city_model& city,
                                       const std::vector<std::string>& node_ids);

}  // namespace cityops::eval
