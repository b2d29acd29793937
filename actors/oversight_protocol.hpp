#pragma once
// The oversight vocabulary (alerts and the live feed), beside actors/protocol.hpp. Light to
// include (the gateway bridge does); the feed hub's filters are explained in feed_hub.hpp.
//
//   store actor  (alert_atom, put_atom, alert)           -> alert: what the store holds after
//                                                           it (raise is insert-if-absent,
//                                                           or grow: an existing alert takes
//                                                           the newer evidence of its episode
//                                                           and never reopens); group-
//                                                           committed with the case batches
//                (alert_atom, ack_atom, alert_ack)       -> alert after the ack | not_found |
//                                                           forbidden (outside ack.scope);
//                                                           acking an acked alert returns it
//                                                           as it is (the first ack stands)
//                (alert_atom, close_atom, alert_close)   -> alert after closing | not_found |
//                                                           forbidden; a closed alert is
//                                                           returned as it was closed
//                (alert_atom, list_atom, alert_query)    -> alert_list | invalid_field
//   alert board  (alert_atom, ack_atom, alert_ack)       -> alert (at_ms is set by the board)
//                (alert_atom, close_atom, alert_close)   -> alert (at_ms is set by the board)
//                (alert_atom, raise_atom, alert)         -> nothing: a risk watch's finding,
//                                                           raised, or grown when its episode
//                                                           is known
//                (alert_atom, queue_atom)                -> uint64 open alerts it holds
//   feed hub     (feed_atom, subscribe_atom, feed_subscriber) -> nothing
//                (feed_atom, unsubscribe_atom, uint64 id)     -> nothing
//                (feed_atom, queue_atom)                      -> uint64 subscribers
// Published on the alert stream (alert_stream_name) by the board, after the write is
// durable: (alert_atom, alert) — a new open alert, again when its level rises, when it is
// acknowledged and when it is closed.
//
// Quarantine (actors/domain/quarantine.hpp):
//   store actor  (quarantine_atom, put_atom, quarantine_entry) -> ok_atom once synced
//                (quarantine_atom, release_atom, case_id)      -> bool (there was an entry)
//                (quarantine_atom, list_atom)                  -> std::vector<quarantine_entry>
//   directory    (quarantine_atom, list_atom)                  -> std::vector<quarantine_entry>
//                (quarantine_atom, release_atom, case_id)      -> bool | storage_failure
// Published on the quarantine stream (quarantine_stream_name) by the directory once the
// entry is durable: (quarantine_atom, quarantine_entry); the alert board raises its alert.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

#include "actors/domain/alert_rules.hpp"

namespace cityops {

using alert_atom = caf::atom_constant<caf::atom("alert")>;
using ack_atom = caf::atom_constant<caf::atom("ack")>;
using list_atom = caf::atom_constant<caf::atom("list")>;
using feed_atom = caf::atom_constant<caf::atom("feed")>;
using put_atom = caf::put_atom;
using quarantine_atom = caf::atom_constant<caf::atom("quarantine")>;
using release_atom = caf::atom_constant<caf::atom("release")>;
using raise_atom = caf::atom_constant<caf::atom("raise")>;
using close_atom = caf::atom_constant<caf::atom("close")>;
using subscribe_atom = caf::subscribe_atom;
using unsubscribe_atom = caf::unsubscribe_atom;

// The local group on which the alert board publishes alerts (new and acknowledged).
constexpr const char* alert_stream_name = "cityops.alerts";
// The local group on which the case directory announces quarantined cases.
constexpr const char* quarantine_stream_name = "cityops.quarantine";

// Acknowledge alert `id` as `by`. `scope` limits what the caller may acknowledge (an
// operator's node, a department); at_ms is stamped by the board.
struct alert_ack {
  std::string id;
  std::string by;
  domain::alert_scope scope;
  std::int64_t at_ms = 0;
};

// Close alert `id` as `by` with a note on what was done; `scope` as for an ack.
struct alert_close {
  std::string id;
  std::string by;
  std::string note;
  domain::alert_scope scope;
  std::int64_t at_ms = 0;
};

// One page of alerts with `status`, newest first, limited to `scope`.
struct alert_query {
  domain::alert_status status = domain::alert_status::open;
  domain::alert_scope scope;
  std::string cursor;
  std::uint32_t limit = 100;
};

struct alert_list {
  std::vector<domain::alert> items;
  std::string next_cursor;  // "" at the end
};

struct feed_filter {
  std::string node;        // "" = any
  std::string department;  // "" = any
};

// Takes one message (JSON text) for a subscriber; false when the subscriber is gone or
// over its bound — the hub then drops it. Called on the hub's thread; must not block.
using feed_sink = std::function<bool(const std::shared_ptr<const std::string>& text)>;

struct feed_subscriber {
  std::uint64_t id = 0;  // chosen by the caller, unique among live subscribers
  feed_filter filter;
  feed_sink sink;
  std::shared_ptr<const std::string> hello;  // first message once registered; may be null
};

}  // namespace cityops

namespace cityops::domain {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, alert_evidence& x) {
  return f(caf::meta::type_name("alert_evidence"), x.case_ids, x.count, x.baseline, x.p_value,
           x.words, x.word_class, x.subject, x.from_ms, x.to_ms, x.lat, x.lon, x.radius_m,
           x.value, x.threshold, x.unit);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, alert& x) {
  return f(caf::meta::type_name("alert"), x.id, x.kind, x.level, x.case_id, x.seq, x.node,
           x.department, x.at_ms, x.updated_ms, x.message, x.status, x.acked_by, x.acked_at_ms,
           x.closed_by, x.closed_at_ms, x.close_note, x.category, x.deadline_ms, x.scope_nodes,
           x.assistants, x.evidence);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, quarantine_entry& x) {
  return f(caf::meta::type_name("quarantine_entry"), x.case_id, x.reason, x.at_ms, x.failures);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, alert_scope& x) {
  return f(caf::meta::type_name("alert_scope"), x.node, x.department);
}

}  // namespace cityops::domain

namespace cityops {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, alert_ack& x) {
  return f(caf::meta::type_name("alert_ack"), x.id, x.by, x.scope, x.at_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, alert_close& x) {
  return f(caf::meta::type_name("alert_close"), x.id, x.by, x.note, x.scope, x.at_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, alert_query& x) {
  return f(caf::meta::type_name("alert_query"), x.status, x.scope, x.cursor, x.limit);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, alert_list& x) {
  return f(caf::meta::type_name("alert_list"), x.items, x.next_cursor);
}

}  // namespace cityops

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::feed_subscriber)
