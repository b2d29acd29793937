#include "runtime/store_scenarios.hpp"

#include "runtime/store_errors.hpp"

namespace cityops {
namespace {

caf::error unavailable() {
  return field_failure(domain::error_code::storage_failure, "",
                       "the scenario store is not available");
}

}  // namespace

caf::result<std::vector<domain::scenario_event>> write_scenario_events(
    storage::scenario_store* store, std::vector<domain::scenario_event> events) {
  if (!store) return unavailable();
  if (const auto s = store->write(events); !s.is_ok()) return storage_failed(s);
  return events;
}

caf::result<std::vector<domain::scenario_event>> load_active_scenarios(
    const storage::scenario_store* store) {
  if (!store) return unavailable();
  std::vector<domain::scenario_event> out;
  if (const auto s = store->active(out); !s.is_ok()) return storage_failed(s);
  return out;
}

caf::result<std::vector<domain::scenario_event>> read_scenario_history(
    const storage::scenario_store* store, const history_request& q) {
  if (!store) return unavailable();
  if (q.limit == 0 || q.limit > 1000)
    return field_failure(domain::error_code::invalid_field, "limit", "limit must be 1..1000");
  std::vector<domain::scenario_event> out;
  if (const auto s = store->history(q.name, q.before, q.limit, out); !s.is_ok())
    return storage_failed(s);
  return out;
}

caf::result<std::vector<domain::scenario_event>> read_scenario_journal(
    const storage::scenario_store* store, const std::string& name, std::uint64_t activation) {
  if (!store) return unavailable();
  std::vector<domain::scenario_event> out;
  if (const auto s = store->journal(name, activation, out); !s.is_ok()) return storage_failed(s);
  return out;
}

}  // namespace cityops
