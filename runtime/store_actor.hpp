#pragma once
// The store actor: the only writer of the event store. Appends are group-committed: the
// first append of a batch sends the actor a `flush` message, which queues behind whatever
// appends are already waiting; on `flush` the whole batch is written with one synced
// WriteBatch; after a durable write the batch's commits are published on the committed-event
// stream as one committed_batch, and then every waiting append is answered. A failed write
// answers storage_failure to every append of that round and publishes nothing; the next
// round starts clean.
//
// Accepts:
//   (append_atom, case_commit)                   -> ok_atom once durable | storage_failure
//   (append_atom, intake_commit)                 -> nothing; the commit's answer is called
//                                                   once durable (report_outcome with the
//                                                   case and the caller's history) or with
//                                                   storage_failure; its id mark joins the
//                                                   same WriteBatch
//   (flush_atom)                                 -> nothing (sent to itself)
//   (load_atom, case_id)                         -> case_record with history | not_found
//   (scan_atom, prefix, cursor, uint64 limit)    -> case_page
//   (load_atom, kind, id)                        -> case_list of the open cases waiting on a
//                                                   "department" or a tier "node" (its queue)
//   (rebuild_atom)                               -> std::vector<waiting_group>: every open case
//                                                   waiting on a department or node, grouped
//                                                   (the network's start-up queue rebuild)
//   (query_atom, case_query)                     -> case_list | invalid_field (status, limit,
//                                                   cursor) | storage_failure
//   (alert_atom, put_atom, alert)                -> alert as stored (insert-if-absent),
//                                                   written with the next group commit
//   (alert_atom, ack_atom, alert_ack)            -> alert after the ack | not_found | forbidden
//   (alert_atom, list_atom, alert_query)         -> alert_list (run by the reader)
//                                                   (actors/oversight_protocol.hpp)
//   (letter_atom, issue_atom | reply_atom | get_atom | list_atom, …) -> risk_letter /
//                                                   letter_list (actors/letter_protocol.hpp;
//                                                   runtime/store_letters.hpp); an issue or
//                                                   a reply is one synced write
//   (indicator_atom, put_atom | load_atom | history_atom, …) -> vital-sign samples
//                                                   (actors/indicator_protocol.hpp;
//                                                   runtime/store_samples.hpp): a batch is
//                                                   one synced write, history runs on the
//                                                   reader
//   (scenario_atom, put_atom | load_atom | history_atom | journal_atom, …) -> the scenarios'
//                                                   audit log and active set
//                                                   (actors/scenario_protocol.hpp;
//                                                   runtime/store_scenarios.hpp): a write is
//                                                   one synced WriteBatch
//   (quarantine_atom, put_atom, quarantine_entry) -> ok_atom once synced
//   (quarantine_atom, release_atom, case_id)     -> bool: an entry was removed
//   (quarantine_atom, list_atom)                 -> std::vector<quarantine_entry>
//   (stop_atom)                                  -> flushes what is pending, then quits
//
// Queries and queue loads (event_store::query_cases, load_waiting) may read thousands of
// index entries and snapshots, so the store actor does not run them itself: it delegates
// them to a linked reader actor over the same store, and a listing never delays a group
// commit. The reader answers the requester directly and stops with the store actor.
//
// Alerts live in the same database (storage::alert_store, opened when the actor starts;
// if that fails, alert requests answer storage_failure and cases are unaffected). Raised
// alerts join the group commit: one synced write for all alerts pending at a flush.

#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/group.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/indicator_protocol.hpp"
#include "actors/intake_protocol.hpp"
#include "actors/oversight_protocol.hpp"
#include "actors/protocol.hpp"
#include "storage/alert_store.hpp"
#include "storage/event_store.hpp"
#include "storage/letter_store.hpp"
#include "storage/quarantine_store.hpp"
#include "storage/sample_store.hpp"
#include "storage/scenario_store.hpp"

namespace cityops {

struct store_actor_state {
  std::shared_ptr<storage::event_store> store;
  std::vector<case_commit> pending;
  std::vector<caf::response_promise> waiting;
  std::vector<intake_commit> pending_intake;  // new cases from the intake shards
  bool flush_scheduled = false;
  caf::group committed;
  caf::actor reader;          // runs (query_atom, case_query)
  std::shared_ptr<storage::alert_store> alerts;  // nullptr when it could not be opened
  std::unique_ptr<storage::quarantine_store> quarantine;
  std::unique_ptr<storage::letter_store> letters;  // nullptr when it could not be opened
  std::shared_ptr<storage::sample_store> samples;  // nullptr when it could not be opened
  std::unique_ptr<storage::scenario_store> scenarios;  // nullptr when it could not be opened
  std::vector<domain::alert> pending_alerts;     // raised, written at the next flush
  std::vector<caf::response_promise> waiting_alerts;
  std::uint64_t batches = 0;  // batches written, for diagnostics
  static inline const char* name = "store";
};

caf::behavior store_actor(caf::stateful_actor<store_actor_state>* self,
                          std::shared_ptr<storage::event_store> store);

}  // namespace cityops
