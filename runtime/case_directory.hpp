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
// Accepts:
//   (report_atom, new_case)                -> case_record   (a new case id is allocated)
//   (act_atom, case_id, action_request)    -> case_record | error
//   (fetch_atom, case_id)                  -> case_record | error (not_found)
//   (sla_atom, case_id)                    -> nothing; activates (or reuses) the case actor and
//                                             forwards the wake-up, counted like the others
//                                             (from the SLA watcher; harmless when nothing is due)
//   (passivate_atom, case_id, uint64 seen) -> nothing      (from case actors)
//   (queue_atom)                           -> uint64 number of live case actors

#include <string>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/case_context.hpp"

namespace cityops {

struct case_directory_state {
  struct entry {
    caf::actor actor;
    std::uint64_t forwarded = 0;
  };
  std::unordered_map<std::string, entry> live;
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
