#pragma once
// The case directory: the one place that knows which case actors are alive. It allocates
// case ids from the store's persisted counter (reserved in blocks), spawns a case actor per
// case on demand (loading it from storage), forwards requests to it (the case actor answers
// the original sender), and passivates idle actors without races: an actor's passivation
// request names how many requests it has seen, and is honoured only when that equals the
// number the directory has forwarded, i.e. nothing is in flight to it. Only messages the
// directory forwards count on either side; a case actor's own SLA timer does not, and the
// actor starts no write of its own while its passivation request is outstanding.
//
// Idempotency-Key (keyed reports): the directory keeps every key it is working on "in
// flight" from the first request until its case is durable (or the attempt failed); a
// request with a key in flight waits for that outcome instead of creating anything. A key
// not in flight is looked up in the store (keys are written in the same batch as their case's
// first event, so they survive restarts): found → that case is answered as a replay (or
// conflict when the body hash differs); not found → a new case is created carrying the key.
// When the attempt fails, the waiting requests are run again from the start.
//
// Accepts:
//   (report_atom, new_case)                -> case_record   (a new case id is allocated)
//   (report_atom, new_case, idempotency_key) -> report_outcome | conflict | error
//   (act_atom, case_id, action_request)    -> case_record | error
//   (act_atom, case_id, action_request, access_scope) -> case_record | forbidden | error
//   (fetch_atom, case_id)                  -> case_record | error (not_found)
//   (sla_atom, case_id)                    -> nothing; activates (or reuses) the case actor and
//                                             forwards the wake-up, counted like the others
//                                             (from the SLA watcher; harmless when nothing is due)
//   (passivate_atom, case_id, uint64 seen) -> nothing      (from case actors)
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

#include <string>
#include <unordered_map>

#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/fwd.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/case_context.hpp"
#include "actors/domain/quarantine.hpp"
#include "actors/protocol.hpp"

namespace cityops {

struct case_directory_state {
  struct entry {
    caf::actor actor;
    std::uint64_t forwarded = 0;
  };
  std::unordered_map<std::string, entry> live;
  std::unordered_map<caf::actor_addr, std::string> ids;  // live actor -> its case id
  // A keyed report waiting for the request ahead of it with the same key.
  struct key_waiter {
    caf::response_promise rp;
    domain::new_case report;
    idempotency_key key;
  };
  // Scoped idempotency keys being looked up or created, with the requests waiting on them.
  std::unordered_map<std::string, std::vector<key_waiter>> keys_in_flight;
  domain::failure_tracker failures;
  std::unordered_map<std::string, domain::quarantine_entry> quarantined;
  std::string id_day;        // the local day ids are being allocated for, "YYYYMMDD"
  std::uint64_t next_seq = 0;
  std::uint64_t end_seq = 0;  // exclusive end of the reserved block
  static inline const char* name = "case_directory";
};

// How many case numbers one reservation takes from the persisted counter. A crash wastes at
// most this many numbers, never reuses one.
constexpr std::uint64_t case_id_block = 1000;

caf::behavior case_directory(caf::stateful_actor<case_directory_state>* self, case_context_ptr ctx);

// "<city>-<yyyymmdd>-<seq>", seq zero-padded to six digits (more when it grows beyond).
std::string make_case_id(const std::string& city, const std::string& day, std::uint64_t seq);

}  // namespace cityops
