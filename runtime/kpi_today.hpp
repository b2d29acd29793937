#pragma once
// Today's KPIs of the city and its districts, read from the store's KPI rows
// (storage/kpi_store.hpp): what /metrics shows (gateway/ops_routes.hpp, ops_probes::kpi_today).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "actors/domain/kpi_summary.hpp"
#include "config/city_model.hpp"
#include "storage/event_store.hpp"

namespace cityops {

// One (scope, summary) per scope, the city first; a scope that cannot be read is left out.
std::vector<std::pair<std::string, domain::kpi_summary>> kpi_today(
    const storage::event_store& store, const config::city_model& city, std::int64_t now_ms);

}  // namespace cityops
