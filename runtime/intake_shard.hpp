#pragma once
// An intake shard: decides the first commit of new cases. The runtime spawns one per CAF
// worker; the gateway hands each report to one of them as a fire-and-forget intake_ticket
// (reports with an Idempotency-Key always to the shard their key hashes to, so one shard
// owns every key). No case actor exists for a new case: the shard allocates its id
// (case_id_allocator), decides the `reported` event (intake_decision: classifier, triage),
// asks the case insight actor for duplicates and the caller's history, and sends the commit
// to the store actor, which answers the ticket once the batch is durable. A case actor is
// activated only by the case's second message (the directory).
//
// Idempotency-Key: a key is "in flight" in its shard from its first request until its case
// is durable (or the attempt failed); later requests with the key wait for that outcome. A
// key not in flight is looked up in the store (read directly: RocksDB reads are thread-safe)
// — bound → that case is answered as a replay (conflict for another body); not bound → a new
// case carrying the key in its first WriteBatch. When the attempt fails, the waiting
// requests start over.
//
// Time limit: every ticket not answered within `timeout` is answered `timeout` (HTTP 504) by
// a sweep that runs every `timeout / 4` while tickets are open — no clock event per report.
// The case may still be stored afterwards, exactly as a client that gave up cannot tell.
//
// Accepts:
//   (intake_ticket)                          -> nothing; the ticket's answer is called once
//   (report_atom, new_case)                  -> case_record (internal callers and tests)
//   (report_atom, new_case, idempotency_key) -> report_outcome | conflict | error
//   (preview_atom, new_case, int64 window)   -> intake_preview: the `reported` event this
//                                               shard would decide now, with the insight
//                                               actor's (preview_atom, …) answer (the
//                                               decision alone when it fails); nothing is
//                                               stored and no id is allocated
//   (sweep_atom)                             -> nothing (its own timer)
//   internal: key_settled, promised (answers that come back from the store actor)

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_clock.hpp>
#include <caf/fwd.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/case_context.hpp"
#include "actors/intake_protocol.hpp"
#include "runtime/case_id_allocator.hpp"

namespace cityops {
namespace storage {
class event_store;
}

struct intake_shard_setup {
  case_context_ptr ctx;  // city, calendar, classifier, insight actor, store actor
  std::shared_ptr<case_id_allocator> ids;
  std::shared_ptr<const storage::event_store> store;  // idempotency lookups and replays
  std::chrono::milliseconds timeout{10000};
};

struct intake_shard_state {
  intake_shard_setup setup;
  // Tickets whose answer may still be open, oldest first, with when they arrived.
  std::deque<std::pair<caf::actor_clock::time_point, intake_answer_ptr>> open;
  bool sweep_armed = false;
  // Keyed tickets waiting behind the request in flight with the same scoped key.
  std::unordered_map<std::string, std::vector<intake_ticket>> keys_in_flight;
  // The leading ticket of each key being created (its answer and body hash).
  struct key_leader {
    intake_answer_ptr answer;
    std::string body_hash;
  };
  std::unordered_map<std::string, key_leader> leaders;
  // Requests made with (report_atom, ...), answered when their ticket is: with the bare
  // case_record (no key) or with the report_outcome.
  struct promised_reply {
    caf::response_promise rp;
    bool bare_record = false;
  };
  std::unordered_map<std::uint64_t, promised_reply> promised;
  std::uint64_t next_promise = 0;
  static inline const char* name = "intake_shard";
};

caf::behavior intake_shard(caf::stateful_actor<intake_shard_state>* self,
                           intake_shard_setup setup);

}  // namespace cityops
