#pragma once
// The KPI board (docs/kpi.md): answers KPI queries from the counters the store keeps with
// every case write (storage/kpi_store.hpp: one row per scope and day, the gauges), and keeps
// the live feed's KPI cards current. It holds no counters of its own — the store's rows are
// written in the events' own batches, so the board is exact after any crash and needs no
// rebuild at start. It follows the committed stream only to know that numbers moved: at most
// once a second (`feed_interval`) while cases move it reads today's rows of the city and its
// districts and publishes them on the KPI stream, for the feed hub.
//
// Accepts (actors/kpi_protocol.hpp):
//   (kpi_atom, kpi_query)            -> std::vector<kpi_table> | invalid_field (scope) |
//                                       storage_failure
//   (committed_atom, committed_batch) -> nothing (from the stream)
//   (kpi_tick_atom)                  -> nothing (its own throttle)

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/group.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/wall_clock.hpp"
#include "config/city_model.hpp"
#include "storage/event_store.hpp"

namespace cityops {

struct kpi_board_state {
  std::shared_ptr<const storage::event_store> store;
  const wall_clock* clock = nullptr;
  std::chrono::milliseconds feed_interval{1000};
  std::vector<std::string> feed_scopes;  // the city, then its districts
  caf::group stream;                     // kpi_stream_name
  bool publish_pending = false;
  static inline const char* name = "kpi_board";
};

// `city` and `clock` must outlive the actor.
caf::behavior kpi_board(caf::stateful_actor<kpi_board_state>* self,
                        std::shared_ptr<const storage::event_store> store,
                        const config::city_model* city, const wall_clock* clock,
                        std::chrono::milliseconds feed_interval);

}  // namespace cityops
