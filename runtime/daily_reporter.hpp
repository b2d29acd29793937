#pragma once
// The daily reporter (每日信息, actors/domain/daily_report.hpp, docs/kpi.md "Daily report"):
// every day at the configured local time it generates the report of the day before, numbers
// it (第N期, per year) and stores it with its JSON and HTML (storage/report_store.hpp), so it
// reads the same tomorrow; at start it makes up yesterday's if that time has passed. On
// demand it answers any past day (generating and storing it on the first ask) and today's
// provisional report (not numbered, not stored: the day is not over).
//
// Gathers: the KPI rows of the city, its districts and streets (the day, the day before, the
// same day a week before) and the departments' month to date — read from the store directly
// (storage/kpi_store.hpp); the day's alerts and letters, the overdue cases and the snow
// response's audit log (its section; left out when unreadable) from the store actor. Accepts (actors/report_protocol.hpp):
//   (daily_atom, get_atom, int64 day) -> daily_report_doc | invalid_field (date) |
//                                        storage_failure
//   (daily_tick_atom, uint64)         -> nothing (its own timer)

#include <cstdint>
#include <memory>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/wall_clock.hpp"
#include "config/city_model.hpp"
#include "config/report_settings.hpp"
#include "storage/event_store.hpp"
#include "storage/report_store.hpp"

namespace cityops {

struct daily_reporter_state {
  const config::city_model* city = nullptr;
  const wall_clock* clock = nullptr;
  caf::actor store;
  std::shared_ptr<const storage::event_store> events;
  std::shared_ptr<storage::report_store> reports;
  config::report_settings settings;
  std::uint64_t tick = 0;
  static inline const char* name = "daily_reporter";
};

// `city` and `clock` must outlive the actor; `store` is the store actor.
caf::behavior daily_reporter(caf::stateful_actor<daily_reporter_state>* self,
                             const config::city_model* city, const wall_clock* clock,
                             caf::actor store, std::shared_ptr<const storage::event_store> events,
                             std::shared_ptr<storage::report_store> reports,
                             config::report_settings settings);

}  // namespace cityops
