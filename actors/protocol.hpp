#pragma once
// The vocabulary shared by every actor, the store actor and the gateway bridge.
//
// Who answers what (every request may also fail with a caf::error of category "cityops",
// see make_domain_error below):
//   intake shard    (intake_ticket)                         -> the ticket's answer, once
//                   (report_atom, new_case)                 -> case_record (with history)
//                   (report_atom, new_case, idempotency_key) -> report_outcome: the first
//                                              request with a key creates the case, every later
//                                              one (also after a restart) gets that case back
//                                              (replayed), or conflict for another body
//   case directory  (act_atom, case_id, action_request)     -> case_record (with history)
//                   (act_atom, case_id, action_request, access_scope) -> the same, or forbidden
//                                              when the case lies outside the scope
//                   (fetch_atom, case_id)                   -> case_record (with history)
//                   (passivate_atom, case_id, uint64 seen)  -> nothing (from a case actor)
//   store actor     (append_atom, case_commit)              -> ok_atom, once durable
//                   (load_atom, case_id)                    -> case_record (with history)
//                   (scan_atom, index prefix, cursor, uint64 limit) -> case_page
//                   (query_atom, case_query)                -> case_list
//   department      (queue_atom)                            -> queue_view
//   tier node       (queue_atom)                            -> queue_view
// Published on the committed-event stream (committed_stream_name), after the write is durable:
//                   (committed_atom, committed_batch)  every commit of one WriteBatch
//                                              (actors/intake_protocol.hpp)

#include <cstdint>
#include <string>
#include <vector>

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/meta/type_name.hpp>

#include "actors/domain_inspect.hpp"
#include "config/city_model.hpp"

namespace cityops {

using report_atom = caf::atom_constant<caf::atom("report")>;
using act_atom = caf::atom_constant<caf::atom("act")>;
using fetch_atom = caf::atom_constant<caf::atom("fetch")>;
using passivate_atom = caf::atom_constant<caf::atom("passivate")>;
using append_atom = caf::atom_constant<caf::atom("append")>;
using flush_atom = caf::atom_constant<caf::atom("flush")>;
using load_atom = caf::atom_constant<caf::atom("load")>;
using scan_atom = caf::atom_constant<caf::atom("scan")>;
using committed_atom = caf::atom_constant<caf::atom("committed")>;
using assigned_atom = caf::atom_constant<caf::atom("assigned")>;
using released_atom = caf::atom_constant<caf::atom("released")>;
using escalated_atom = caf::atom_constant<caf::atom("escalated")>;
using queue_atom = caf::atom_constant<caf::atom("queue")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using sla_atom = caf::atom_constant<caf::atom("sla")>;
using query_atom = caf::atom_constant<caf::atom("query")>;
using escalate_atom = caf::atom_constant<caf::atom("escalate")>;
using dept_act_atom = caf::atom_constant<caf::atom("deptact")>;
using assist_atom = caf::atom_constant<caf::atom("assist")>;
using lookup_atom = caf::atom_constant<caf::atom("lookup")>;
using rebuild_atom = caf::atom_constant<caf::atom("rebuild")>;

// The name of the local group on which the store actor publishes committed writes. Feed,
// risk watch, KPI board and the city network subscribe to it; nobody sees uncommitted state.
constexpr const char* committed_stream_name = "cityops.committed";

// A client's Idempotency-Key on a report. `scoped_key` is "<principal>/<key>" (keys of
// different principals never meet); `body_hash` identifies the request body.
struct idempotency_key {
  std::string scoped_key;
  std::string body_hash;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, idempotency_key& x) {
  return f(caf::meta::type_name("idempotency_key"), x.scoped_key, x.body_hash);
}

// What a keyed report answers: the case, and whether an earlier request created it.
struct report_outcome {
  domain::case_record record;
  bool replayed = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, report_outcome& x) {
  return f(caf::meta::type_name("report_outcome"), x.record, x.replayed);
}

// Where a caller may move cases: `node` non-empty limits it to cases in that node's subtree
// (the report location lies below it, or the case is held below it now). The case actor
// checks it against its current state, in the same step as the move.
struct access_scope {
  std::string node;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, access_scope& x) {
  return f(caf::meta::type_name("access_scope"), x.node);
}

// Whether `record` lies in `scope`: no node limit, or the scope's node is on the case's
// location_path (reported there or below), or the case's current node is in its subtree.
bool within_scope(const config::city_model& city, const domain::case_record& record,
                  const access_scope& scope);

// One case's durable change: what a case actor hands the store actor.
struct case_commit {
  std::string case_id;
  std::vector<domain::case_event> events;  // new events, ascending seq
  domain::case_record snapshot;            // state after them (history left empty)
  domain::case_record previous;            // state before; previous.version == 0 for a new case
  // A new case created by a keyed report: the key is stored in the same write batch.
  idempotency_key idempotency;             // scoped_key "" when none
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, case_commit& x) {
  return f(caf::meta::type_name("case_commit"), x.case_id, x.events, x.snapshot, x.previous,
           x.idempotency);
}

// A page of case ids from a secondary index.
struct case_page {
  std::vector<std::string> case_ids;
  std::string next_cursor;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, case_page& x) {
  return f(caf::meta::type_name("case_page"), x.case_ids, x.next_cursor);
}

// A filtered, paged listing of cases (GET /api/v1/cases). Empty strings and zero times mean
// "any"; `node` matches the case's location subtree; [from_ms, to_ms) bounds the report time.
struct case_query {
  std::string status;
  std::string department;
  std::string node;
  bool overdue_only = false;
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  std::string cursor;
  std::uint32_t limit = 50;
  std::string reporter_hash;          // the caller's salted phone hash (一人多诉)
  bool needs_classification = false;  // only cases waiting for a category
  std::string priority;               // "" any; else a priority wire name ("urgent")
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, case_query& x) {
  return f(caf::meta::type_name("case_query"), x.status, x.department, x.node, x.overdue_only,
           x.from_ms, x.to_ms, x.cursor, x.limit, x.reporter_hash, x.needs_classification,
           x.priority);
}

// One page of case snapshots (no history) and the cursor of the next page ("" at the end).
struct case_list {
  std::vector<domain::case_record> items;
  std::string next_cursor;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, case_list& x) {
  return f(caf::meta::type_name("case_list"), x.items, x.next_cursor);
}

// The open cases waiting on one department or tier node's centre, for the start-up rebuild.
struct waiting_group {
  std::string kind;  // "department" | "node"
  std::string id;
  std::vector<domain::case_record> items;  // snapshots, no history
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, waiting_group& x) {
  return f(caf::meta::type_name("waiting_group"), x.kind, x.id, x.items);
}

// What a department or tier-node actor holds: the open cases waiting on it.
// One queued case, as the queue view lists it.
struct queue_entry {
  std::string case_id;
  std::int64_t since_ms = 0;  // when it joined the queue
  bool urgent = false;
  bool overdue = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, queue_entry& x) {
  return f(caf::meta::type_name("queue_entry"), x.case_id, x.since_ms, x.urgent, x.overdue);
}

struct queue_view {
  std::string owner;  // department or node id
  std::uint64_t length = 0;
  std::string oldest_case;   // "" when the queue is empty
  std::int64_t oldest_since_ms = 0;
  std::uint64_t overdue = 0;    // queued cases past their deadline
  std::uint64_t assisting = 0;  // open cases it assists (协办) without leading
  std::uint64_t urgent = 0;     // queued urgent cases
  // The first cases in working order (domain/case_queue.hpp: urgent first, then
  // first come first served), at most queue_view_next.
  std::vector<queue_entry> next;
};
inline constexpr std::size_t queue_view_next = 20;

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, queue_view& x) {
  return f(caf::meta::type_name("queue_view"), x.owner, x.length, x.oldest_case,
           x.oldest_since_ms, x.overdue, x.assisting, x.urgent, x.next);
}

// Domain errors travel as caf::error in category "cityops": the code is domain::error_code,
// the context carries (message, field, status or "", allowed actions).
caf::error make_domain_error(const domain::domain_error& e);
// The inverse, for the gateway; errors of other categories (timeouts, dead actors) become
// timeout / storage_failure domain errors with a readable message.
domain::domain_error to_domain_error(const caf::error& e);

}  // namespace cityops
