#pragma once
// The case directory: the one place that knows which case actors are alive. It activates a
// case actor on demand — seeded from its cache of recently created cases (a new case's first
// commit comes from an intake shard, so its actor starts with its second message) or loading
// from storage — forwards requests to it (the case actor answers the original sender), and
// passivates idle actors without races and without storms: a sweep every 100 ms asks the
// least recently used actors idle for `idle_timeout` to passivate, at most
// `passivation_rate` per second; an asked actor answers with how many requests it has seen,
// and the directory honours that only when it equals the number it forwarded, i.e. nothing
// is in flight to it. Only messages the directory forwards count on either side; a case
// actor's own SLA timer does not, and the actor starts no write of its own while its
// passivation request is outstanding.
//
// Accepts:
//   (report_atom, new_case)                -> case_record, from an intake shard (delegated)
//   (report_atom, new_case, idempotency_key) -> report_outcome | conflict | error, from the
//                                             key's intake shard (delegated)
//   (act_atom, case_id, action_request)    -> case_record | error
//   (act_atom, case_id, action_request, access_scope) -> case_record | forbidden | error
//   (fetch_atom, case_id)                  -> case_record | error (not_found)
//   (sla_atom, case_id)                    -> nothing; activates (or reuses) the case actor and
//                                             forwards the wake-up, counted like the others
//                                             (from the SLA watcher; harmless when nothing is due)
//   (passivate_atom, case_id, uint64 seen) -> nothing      (from case actors)
//   (committed_atom, committed_batch)      -> nothing (the committed stream: recent cases)
//   (sweep_atom)                           -> nothing (its own passivation sweep)
//   (queue_atom)                           -> uint64 number of live case actors
//   (quarantine_atom, list_atom)           -> std::vector<quarantine_entry>, oldest first
//   (quarantine_atom, release_atom, case_id) -> bool (false: the case was not quarantined)
//
// Poison messages (actors/domain/quarantine.hpp): a case actor that ends abnormally (an
// exception in a handler) is counted; at the second failure the case is quarantined — the
// entry is stored (so it survives restarts), a critical line is logged and the entry is
// published on the quarantine stream, where the alert board raises an alert. A quarantined
// case is read from the store without an actor; actions on it answer `quarantined` and SLA
// wake-ups are dropped, until an admin releases it. The quarantine list is loaded from the
// store before the first request is served.

#include <list>
#include <string>
#include <unordered_map>

#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_clock.hpp>
#include <caf/actor_addr.hpp>
#include <caf/fwd.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/case_context.hpp"
#include "actors/domain/quarantine.hpp"
#include "actors/domain/recent_cases.hpp"
#include "actors/protocol.hpp"

namespace cityops {

struct case_directory_setup {
  std::vector<caf::actor> shards;       // the intake shards (intake_shard.hpp)
  std::size_t passivation_rate = 2000;  // idle actors asked to passivate per second, at most
  std::size_t recent_cases = 10000;     // new cases kept for their actor's activation
};

struct case_directory_state {
  struct entry {
    caf::actor actor;
    std::uint64_t forwarded = 0;
    caf::actor_clock::time_point last_used;
    std::list<std::string>::iterator idle_pos;  // in idle_order
  };
  using live_map = std::unordered_map<std::string, entry>;
  live_map live;
  std::unordered_map<caf::actor_addr, std::string> ids;  // live actor -> its case id
  std::list<std::string> idle_order;  // live case ids, least recently used first
  bool sweep_armed = false;
  std::size_t passivation_rate = 2000;
  domain::recent_cases recent{0};
  std::vector<caf::actor> shards;
  std::uint64_t spread = 0;  // spreads reports made to the directory over the shards
  domain::failure_tracker failures;
  std::unordered_map<std::string, domain::quarantine_entry> quarantined;
  static inline const char* name = "case_directory";
};

caf::behavior case_directory(caf::stateful_actor<case_directory_state>* self, case_context_ptr ctx,
                             case_directory_setup setup);

}  // namespace cityops
