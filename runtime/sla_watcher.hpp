#pragma once
// The SLA watcher: wakes case actors whose reminder or deadline has come, including the
// passivated ones (which have no timer) and those whose point passed while the service was
// down. At start and then every `interval` it scans the store's `l/` index (open cases by
// their next SLA point, nearest first) page by page and sends the directory
// (sla_atom, case_id) for every entry due by the wall clock; it stops at the first entry in
// the future. A round sends at most `max_wakeups_per_round`; the rest of a backlog follows in
// the next round (after `backlog_pause`, continuing where the round stopped), so a long
// outage does not flood the mailboxes. The case actor's check is idempotent, so waking a case
// that its own timer already handled costs one message.
//
// Accepts:
//   (sla_atom, uint64 tick)  -> nothing; runs a round (sent to itself; a tick other than the
//                               one it scheduled last is ignored)
//   (queue_atom)             -> uint64 wake-ups sent since start (diagnostics, tests)
// Sends:
//   store actor  (scan_atom, "l/", cursor, uint64 limit) -> case_page
//   directory    (sla_atom, case_id)

#include <chrono>
#include <cstdint>
#include <string>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/wall_clock.hpp"

namespace cityops {

struct sla_watcher_options {
  std::chrono::milliseconds interval{60000};     // at least 1 s
  std::chrono::milliseconds backlog_pause{5000};  // before continuing a round cut short
  std::uint64_t max_wakeups_per_round = 10000;
  std::uint64_t page_size = 512;
};

struct sla_watcher_state {
  caf::actor store;
  caf::actor directory;
  const wall_clock* clock = nullptr;
  sla_watcher_options options;
  std::string cursor;              // last entry woken by a round cut short; "" = from the start
  bool running = false;            // a round is waiting for a page
  std::uint64_t round_wakeups = 0;
  std::uint64_t tick = 0;          // the tick the watcher scheduled last
  std::uint64_t wakeups = 0;       // total since start
  static inline const char* name = "sla_watcher";
};

// `clock` must outlive the actor.
caf::behavior sla_watcher(caf::stateful_actor<sla_watcher_state>* self, caf::actor store,
                          caf::actor directory, const wall_clock* clock,
                          sla_watcher_options options);

}  // namespace cityops
