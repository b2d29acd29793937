#pragma once
// The vital-signs watch (城市体征, docs/vital-signs.md): a thin shell over the pure rules of
// actors/domain/indicator_rules.hpp and indicator_episodes.hpp. It checks posted samples
// against the registry, has the store actor keep the good ones (one synced WriteBatch per
// batch, with the latest record of each indicator they moved), and hands the alerts of
// breach and silence episodes to the alert board: `(alert_atom, raise_atom, alert)` when an
// episode starts or its level rises, `(alert_atom, close_atom, alert_close)` by
// "vital-signs" when it ends. A close the board does not know yet (its raise still on the
// way to the store) is tried once more at the next look of the clock.
//
// It holds every indicator's latest record in memory, loaded from the store before it takes
// anything, and looks at its clock at start and every `interval`: an indicator silent then
// raises its indicator_silent alert (ids follow from the samples: a restart raises the same
// alert, which the board keeps once). Batches are taken one at a time: the next waits until
// the store has answered the last one, so episodes follow the samples in order.
//
// Each batch, once stored, is published on the sample stream (sample_stream_name,
// actors/indicator_protocol.hpp) as (indicator_atom, std::vector<indicator_sample>).
//
// Accepts: see actors/indicator_protocol.hpp.

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/domain/indicator_episodes.hpp"
#include "actors/indicator_protocol.hpp"
#include "actors/wall_clock.hpp"
#include "config/city_model.hpp"
#include "config/indicator_settings.hpp"

namespace cityops {

struct vital_signs_setup {
  const config::indicator_settings* registry = nullptr;  // must outlive the actor
  std::chrono::milliseconds interval{60000};  // how often silence is looked for
};

struct vital_signs_state {
  const config::city_model* city = nullptr;
  const wall_clock* clock = nullptr;
  caf::actor store;
  caf::actor board;
  vital_signs_setup setup;
  std::unordered_map<std::string, const config::indicator_spec*> specs;  // id -> spec
  std::unordered_map<std::string, domain::indicator_status> latest;      // id -> record
  std::unordered_set<std::string> silent_raised;  // silence alerts sent to the board
  std::vector<domain::episode_end> retry_closes;  // closes to try once more at the next look
  std::uint64_t tick = 0;
  static inline const char* name = "vital_signs";
};

// `city` and `clock` must outlive the actor; `store` is the store actor, `board` the alert
// board.
caf::behavior vital_signs(caf::stateful_actor<vital_signs_state>* self,
                          const config::city_model* city, const wall_clock* clock,
                          caf::actor store, caf::actor board, vital_signs_setup setup);

}  // namespace cityops
