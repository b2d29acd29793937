#pragma once
// The alert board: turns committed case events into oversight alerts
// (actors/domain/alert_rules.hpp: overdue and supervised raise one, reminders do not), takes
// the risk watch's findings (risk_watch.hpp: an episode's alert, raised once and grown as the
// episode goes on), keeps them durable through the store actor, and publishes each one on the
// alert stream (alert_stream_name) once it is stored — the feed hub relays them to WebSocket
// clients.
//
// Durability and idempotency: an alert's id comes from its case and event, and the store
// raises insert-if-absent, so a replayed commit never duplicates an alert nor reopens an
// acknowledged one. An ack or close of an alert whose raise is still with the store waits for
// it, so it never overtakes the raise or growth before it. On start the board loads every open alert from the store; commits that
// arrive meanwhile wait until the load is done. Acknowledgements go through the store
// (synced) before they are answered, so an ack survives a restart.
//
// Accepts:
//   (committed_atom, committed_batch)       -> nothing (from the committed-event stream)
//   (quarantine_atom, quarantine_entry) -> nothing (from the quarantine stream): raises a
//                                          `quarantined` alert scoped by the stored case
//   (alert_atom, raise_atom, alert)     -> nothing: a risk finding, raised or grown
//   (alert_atom, ack_atom, alert_ack)   -> alert after the ack | not_found | forbidden; the
//                                          board stamps at_ms from its clock
//   (alert_atom, close_atom, alert_close) -> alert after closing (with a note), likewise
//   (alert_atom, queue_atom)            -> uint64: open alerts it holds (tests, /metrics)
// Publishes (alert_atom, alert) on alert_stream_name: a new alert (status open), the same
// alert again when its level rises (an episode that grew: only then, so the 30th report of a
// burst does not flood the feed; its evidence grows in the store), when it is acknowledged
// and when it is closed.
//
// Known window: an alert is raised after its case event is durable. If the process dies
// between the two (milliseconds), that alert is not raised; the case history still holds
// the event.

#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/group.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/oversight_protocol.hpp"
#include "actors/protocol.hpp"
#include "actors/wall_clock.hpp"
#include "config/city_model.hpp"

namespace cityops {

struct alert_board_state {
  const config::city_model* city = nullptr;
  const wall_clock* clock = nullptr;
  caf::actor store;
  caf::group stream;                                   // alert_stream_name
  std::unordered_map<std::string, domain::alert> open;  // id -> open alert
  std::unordered_set<std::string> raising;              // sent to the store, not answered
  // id -> the newest finding of an episode whose earlier one is still with the store.
  std::unordered_map<std::string, domain::alert> next_growth;
  // id -> acks and closes waiting until the alert's raise is back from the store.
  std::unordered_map<std::string, std::vector<std::function<void()>>> after_raise;
  bool loaded = false;
  std::vector<case_commit> deferred;  // commits that came while loading
  std::vector<domain::alert> deferred_raises;  // risk findings that came while loading
  static inline const char* name = "alert_board";
};

// `city` and `clock` must outlive the actor; `store` is the store actor.
caf::behavior alert_board(caf::stateful_actor<alert_board_state>* self,
                          const config::city_model* city, const wall_clock* clock,
                          caf::actor store);

}  // namespace cityops
