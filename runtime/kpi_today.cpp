#include "runtime/kpi_today.hpp"

#include "actors/domain/iso_time.hpp"
#include "actors/domain/kpi_calculator.hpp"
#include "storage/kpi_store.hpp"

namespace cityops {

std::vector<std::pair<std::string, domain::kpi_summary>> kpi_today(
    const storage::event_store& store, const config::city_model& city, std::int64_t now_ms) {
  std::vector<std::string> scopes{domain::kpi_node_scope(city.city_id)};
  for (const auto& n : city.nodes())
    if (n.tier == config::tier::district) scopes.push_back(domain::kpi_node_scope(n.id));
  const auto day = domain::china_local_day(now_ms);
  const storage::kpi_reader reader(store);
  std::vector<std::pair<std::string, domain::kpi_summary>> out;
  for (const auto& scope : scopes) {
    storage::kpi_rows rows;
    if (!reader.read(scope, day, day, rows).is_ok()) continue;
    domain::kpi_counters today;
    for (const auto& [d, c] : rows.days) today.add(c);
    out.emplace_back(scope, domain::summarize(today, rows.now, false));
  }
  return out;
}

}  // namespace cityops
