#include "runtime/store_actor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/intake_decision.hpp"
#include "runtime/store_letters.hpp"
#include "runtime/store_samples.hpp"
#include "runtime/store_scenarios.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<store_actor_state>*;

caf::error storage_error(domain::error_code code, const storage::status& s) {
  return make_domain_error(domain::field_error(code, "", s.to_string()));
}

caf::error invalid_query_field(std::string field, std::string message) {
  return make_domain_error(
      domain::field_error(domain::error_code::invalid_field, std::move(field), std::move(message)));
}

// case_query (the wire shape: strings, 0 = unbounded) -> storage::case_filter, then one page.
caf::result<case_list> run_query(const storage::event_store& store, const case_query& q) {
  storage::case_filter f;
  if (!q.status.empty()) {
    const auto status = domain::parse_case_status(q.status);
    if (!status) return invalid_query_field("status", "unknown case status '" + q.status + "'");
    f.status = *status;
  }
  f.department = q.department;
  f.node = q.node;
  f.overdue_only = q.overdue_only;
  if (q.from_ms != 0) f.from_ms = q.from_ms;
  if (q.to_ms != 0) f.to_ms = q.to_ms;
  f.reporter_hash = q.reporter_hash;
  if (!q.priority.empty()) {
    const auto priority = domain::parse_case_priority(q.priority);
    if (!priority) return invalid_query_field("priority", "unknown priority '" + q.priority + "'");
    f.priority = *priority;
  }
  if (q.needs_classification) {
    f.unclassified_only = true;
    if (!f.status) f.status = domain::case_status::reported;
  }
  if (q.limit == 0 || q.limit > storage::case_query_max_limit)
    return invalid_query_field(
        "limit", "limit must be 1.." + std::to_string(storage::case_query_max_limit));
  storage::case_query_page page;
  const auto s = store.query_cases(f, q.cursor, q.limit, page);
  if (s.error_code() == storage::status::code::invalid_argument)  // the only input left: cursor
    return invalid_query_field("cursor", "invalid cursor: " + s.message());
  if (!s.is_ok()) return storage_error(domain::error_code::storage_failure, s);
  return case_list{std::move(page.items), std::move(page.next_cursor)};
}

// Raised alerts pending since the last flush: one synced write, then every raiser learns
// what is stored (its alert, or the one stored earlier under the same id).
void flush_alerts(self_ptr self) {
  auto& st = self->state;
  if (st.pending_alerts.empty()) return;
  std::vector<domain::alert> stored;
  const auto written = st.alerts->raise(st.pending_alerts, stored);
  if (written.is_ok()) {
    for (std::size_t i = 0; i < st.waiting_alerts.size(); ++i)
      st.waiting_alerts[i].deliver(std::move(stored[i]));
  } else {
    spdlog::error("store: {} alerts not written: {}", st.pending_alerts.size(),
                  written.to_string());
    const auto err = storage_error(domain::error_code::storage_failure, written);
    for (auto& rp : st.waiting_alerts) rp.deliver(err);
  }
  st.pending_alerts.clear();
  st.waiting_alerts.clear();
}

void schedule_flush(self_ptr self) {
  auto& st = self->state;
  if (st.flush_scheduled) return;
  st.flush_scheduled = true;
  self->send(self, flush_atom::value);
}

caf::error alerts_unavailable() {
  return make_domain_error(domain::field_error(domain::error_code::storage_failure, "",
                                               "the alert store is not available"));
}

// (alert_atom, ack_atom | close_atom): read, check the caller's scope, change, write
// (synced) — one step of the only writer, so two changes of one alert cannot interleave.
// `change` returns whether it changed the alert; an unchanged one is returned as it is.
template <class Change>
caf::result<domain::alert> change_alert(storage::alert_store& alerts, const std::string& id,
                                        const domain::alert_scope& scope, Change change) {
  domain::alert a;
  const auto s = alerts.get(id, a);
  if (s.is_not_found())
    return make_domain_error(
        domain::field_error(domain::error_code::not_found, "id", "no alert '" + id + "'"));
  if (!s.is_ok()) return storage_error(domain::error_code::storage_failure, s);
  if (!domain::in_scope(a, scope))
    return make_domain_error(domain::field_error(
        domain::error_code::forbidden, "id",
        "alert '" + id + "' concerns a case outside your node or department"));
  if (change(a)) {
    if (const auto w = alerts.put(a); !w.is_ok())
      return storage_error(domain::error_code::storage_failure, w);
  }
  return a;
}

caf::result<alert_list> list_alerts(const storage::alert_store* alerts, const alert_query& q) {
  if (!alerts) return alerts_unavailable();
  if (q.limit == 0 || q.limit > storage::alert_list_max_limit)
    return invalid_query_field(
        "limit", "limit must be 1.." + std::to_string(storage::alert_list_max_limit));
  storage::alert_page page;
  const auto s = alerts->list(storage::alert_filter{q.status, q.scope}, q.cursor, q.limit, page);
  if (s.error_code() == storage::status::code::invalid_argument)
    return invalid_query_field("cursor", "invalid cursor: " + s.message());
  if (!s.is_ok()) return storage_error(domain::error_code::storage_failure, s);
  return alert_list{std::move(page.items), std::move(page.next_cursor)};
}

// The store's view of a commit, taking over its events and snapshot (given back after the
// write, for publishing: no deep copy of either).
storage::case_write take_write(case_commit& c) {
  storage::case_write w;
  w.case_id = c.case_id;
  w.events = std::move(c.events);
  w.snapshot = std::move(c.snapshot);
  if (c.previous.version != 0) w.previous = c.previous;
  if (!c.idempotency.scoped_key.empty() && !w.previous)
    w.idempotency =
        storage::idempotency_record{c.idempotency.scoped_key, c.case_id, c.idempotency.body_hash};
  return w;
}

void give_back(storage::case_write& w, case_commit& c) {
  c.events = std::move(w.events);
  c.snapshot = std::move(w.snapshot);
}

// One synced WriteBatch for every commit pending (case actors' and intake shards'), the id
// marks of the new cases in it; then the batch is published once on the committed stream and
// only then is every requester answered — so a client that learns of a case can never reach
// a subscriber (the directory) before the case's commit does.
void flush(self_ptr self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  flush_alerts(self);
  if (st.pending.empty() && st.pending_intake.empty()) return;
  std::vector<storage::case_write> batch;
  std::vector<storage::id_mark> marks;
  batch.reserve(st.pending.size() + st.pending_intake.size());
  marks.reserve(st.pending_intake.size());
  for (auto& c : st.pending) batch.push_back(take_write(c));
  for (auto& ic : st.pending_intake) {
    batch.push_back(take_write(ic.commit));
    marks.push_back(storage::id_mark{ic.id_scope, ic.id_seq});
  }
  const auto written = st.store->append(batch, marks);
  ++st.batches;
  std::size_t i = 0;
  for (auto& c : st.pending) give_back(batch[i++], c);
  for (auto& ic : st.pending_intake) give_back(batch[i++], ic.commit);
  if (written.is_ok()) {
    committed_batch published;
    published.commits.reserve(batch.size());
    for (auto& c : st.pending) published.commits.push_back(std::move(c));
    std::vector<report_outcome> outcomes;
    outcomes.reserve(st.pending_intake.size());
    for (auto& ic : st.pending_intake) {
      outcomes.push_back(report_outcome{record_of(ic.commit), false});
      outcomes.back().record.reporter_history = std::move(ic.reporter);
      published.commits.push_back(std::move(ic.commit));
    }
    self->send(st.committed, committed_atom::value, std::move(published));
    for (auto& rp : st.waiting) rp.deliver(caf::ok_atom::value);
    for (std::size_t k = 0; k < outcomes.size(); ++k)
      st.pending_intake[k].answer->deliver(std::move(outcomes[k]));
  } else {
    spdlog::error("store: batch of {} cases not written: {}", batch.size(), written.to_string());
    const auto err = storage_error(domain::error_code::storage_failure, written);
    for (auto& rp : st.waiting) rp.deliver(err);
    auto failed = to_domain_error(err);
    failed.message = "the report was not stored: " + failed.message;
    for (auto& ic : st.pending_intake) ic.answer->deliver(failed);
  }
  st.pending.clear();
  st.waiting.clear();
  st.pending_intake.clear();
}

// The open cases waiting on a department or a tier node's centre (queue rebuilds).
caf::result<case_list> load_waiting(const storage::event_store& store, const std::string& kind,
                                    const std::string& id) {
  domain::waiting_party party;
  party.id = id;
  if (kind == "department")
    party.who = domain::waiting_party::kind::department;
  else if (kind == "node")
    party.who = domain::waiting_party::kind::node;
  else
    return invalid_query_field("kind", "kind must be department or node, not '" + kind + "'");
  case_list out;
  const auto s = store.load_waiting(party, out.items);
  if (!s.is_ok()) return storage_error(domain::error_code::storage_failure, s);
  return out;
}

// Every queue's waiting cases, grouped by party (the w/ index is ordered by party).
caf::result<std::vector<waiting_group>> load_all_waiting(const storage::event_store& store) {
  std::vector<storage::event_store::waiting_case> all;
  const auto s = store.load_all_waiting(all);
  if (!s.is_ok()) return storage_error(domain::error_code::storage_failure, s);
  std::vector<waiting_group> out;
  for (auto& w : all) {
    const char* kind = w.party.who == domain::waiting_party::kind::department ? "department"
                                                                               : "node";
    if (out.empty() || out.back().kind != kind || out.back().id != w.party.id)
      out.push_back(waiting_group{kind, w.party.id, {}});
    out.back().items.push_back(std::move(w.record));
  }
  return out;
}

// The reader behind the store actor: runs the long reads the store actor delegates.
caf::behavior store_reader(caf::event_based_actor*,
                           std::shared_ptr<const storage::event_store> store,
                           std::shared_ptr<const storage::alert_store> alerts,
                           std::shared_ptr<const storage::sample_store> samples) {
  return {
      [samples](indicator_atom, history_atom, const history_query& q) {
        return read_history(samples.get(), q);
      },
      [alerts](alert_atom, list_atom, const alert_query& q) {
        return list_alerts(alerts.get(), q);
      },
      [store](query_atom, const case_query& q) { return run_query(*store, q); },
      [store](load_atom, const std::string& kind, const std::string& id) {
        return load_waiting(*store, kind, id);
      },
      [store](rebuild_atom) { return load_all_waiting(*store); },
  };
}

}  // namespace

caf::behavior store_actor(self_ptr self, std::shared_ptr<storage::event_store> store) {
  self->state.store = std::move(store);
  self->state.committed = self->system().groups().get_local(committed_stream_name);
  {
    std::unique_ptr<storage::alert_store> alerts;
    if (const auto s = storage::alert_store::open(*self->state.store, alerts); s.is_ok())
      self->state.alerts = std::move(alerts);
    else
      spdlog::error("store: alerts unavailable: {}", s.to_string());
  }
  self->state.quarantine = std::make_unique<storage::quarantine_store>(*self->state.store);
  if (const auto s = storage::letter_store::open(*self->state.store, self->state.letters);
      !s.is_ok())
    spdlog::error("store: letters unavailable: {}", s.to_string());
  {
    std::unique_ptr<storage::sample_store> samples;
    if (const auto s = storage::sample_store::open(*self->state.store, samples); s.is_ok())
      self->state.samples = std::move(samples);
    else
      spdlog::error("store: samples unavailable: {}", s.to_string());
  }
  if (const auto s = storage::scenario_store::open(*self->state.store, self->state.scenarios);
      !s.is_ok())
    spdlog::error("store: scenarios unavailable: {}", s.to_string());
  self->state.reader = self->spawn<caf::linked>(
      store_reader, std::shared_ptr<const storage::event_store>(self->state.store),
      std::shared_ptr<const storage::alert_store>(self->state.alerts),
      std::shared_ptr<const storage::sample_store>(self->state.samples));
  return {
      [self](append_atom, case_commit& c) {
        auto& st = self->state;
        st.pending.push_back(std::move(c));
        st.waiting.push_back(self->make_response_promise());
        schedule_flush(self);
      },
      [self](append_atom, intake_commit& c) {
        self->state.pending_intake.push_back(std::move(c));
        schedule_flush(self);
      },
      [self](alert_atom, put_atom, domain::alert& a) {
        auto& st = self->state;
        auto rp = self->make_response_promise();
        if (!st.alerts) {
          rp.deliver(alerts_unavailable());
          return;
        }
        st.pending_alerts.push_back(std::move(a));
        st.waiting_alerts.push_back(std::move(rp));
        schedule_flush(self);
      },
      [self](alert_atom, ack_atom, const alert_ack& ack) -> caf::result<domain::alert> {
        if (!self->state.alerts) return alerts_unavailable();
        return change_alert(*self->state.alerts, ack.id, ack.scope, [&](domain::alert& a) {
          return domain::acknowledge(a, ack.by, ack.at_ms);
        });
      },
      [self](alert_atom, close_atom, alert_close& c) -> caf::result<domain::alert> {
        if (!self->state.alerts) return alerts_unavailable();
        return change_alert(*self->state.alerts, c.id, c.scope, [&](domain::alert& a) {
          return domain::close_alert(a, c.by, c.at_ms, std::move(c.note));
        });
      },
      [self](alert_atom a, list_atom l, alert_query& q) {
        return self->delegate(self->state.reader, a, l, std::move(q));
      },
      [self](letter_atom, issue_atom, const letter_issue& req) {
        return issue_letter(self->state.letters.get(), self->state.alerts.get(), req);
      },
      [self](letter_atom, reply_atom, const letter_reply& req) {
        return reply_letter(self->state.letters.get(), req);
      },
      [self](letter_atom, get_atom, const std::string& id, const domain::alert_scope& scope) {
        return get_letter(self->state.letters.get(), id, scope);
      },
      [self](letter_atom, list_atom, const letter_query& q) {
        return list_letters(self->state.letters.get(), q);
      },
      [self](indicator_atom, put_atom, const sample_write& w) {
        return write_samples(self->state.samples.get(), w);
      },
      [self](indicator_atom, load_atom) { return load_latest(self->state.samples.get()); },
      [self](indicator_atom i, history_atom h, history_query& q) {
        return self->delegate(self->state.reader, i, h, std::move(q));
      },
      [self](scenario_atom, put_atom, std::vector<domain::scenario_event>& events) {
        return write_scenario_events(self->state.scenarios.get(), std::move(events));
      },
      [self](scenario_atom, load_atom) {
        return load_active_scenarios(self->state.scenarios.get());
      },
      [self](scenario_atom, history_atom, const history_request& q) {
        return read_scenario_history(self->state.scenarios.get(), q);
      },
      [self](scenario_atom, journal_atom, const std::string& name, std::uint64_t activation) {
        return read_scenario_journal(self->state.scenarios.get(), name, activation);
      },
      [self](flush_atom) { flush(self); },
      [self](load_atom, const std::string& case_id) -> caf::result<domain::case_record> {
        domain::case_record r;
        const auto s = self->state.store->load_case(case_id, r);
        if (s.is_ok()) return r;
        return storage_error(s.is_not_found() ? domain::error_code::not_found
                                              : domain::error_code::storage_failure,
                             s);
      },
      [self](scan_atom, const std::string& prefix, const std::string& cursor,
             std::uint64_t limit) -> caf::result<case_page> {
        storage::index_page page;
        const auto s = self->state.store->scan_index(prefix, cursor, limit, page);
        if (!s.is_ok()) return storage_error(domain::error_code::storage_failure, s);
        return case_page{std::move(page.case_ids), std::move(page.next_cursor)};
      },
      [self](query_atom q, case_query& query) {
        return self->delegate(self->state.reader, q, std::move(query));
      },
      [self](load_atom l, std::string& kind, std::string& id) {
        return self->delegate(self->state.reader, l, std::move(kind), std::move(id));
      },
      [self](rebuild_atom r) { return self->delegate(self->state.reader, r); },
      [self](quarantine_atom, put_atom,
             const domain::quarantine_entry& q) -> caf::result<caf::ok_atom> {
        if (const auto s = self->state.quarantine->put(q); !s.is_ok())
          return storage_error(domain::error_code::storage_failure, s);
        return caf::ok_atom::value;
      },
      [self](quarantine_atom, release_atom, const std::string& case_id) -> caf::result<bool> {
        bool removed = false;
        if (const auto s = self->state.quarantine->remove(case_id, removed); !s.is_ok())
          return storage_error(domain::error_code::storage_failure, s);
        return removed;
      },
      [self](quarantine_atom,
             list_atom) -> caf::result<std::vector<domain::quarantine_entry>> {
        std::vector<domain::quarantine_entry> out;
        if (const auto s = self->state.quarantine->list(out); !s.is_ok())
          return storage_error(domain::error_code::storage_failure, s);
        return out;
      },
      [self](stop_atom) {
        flush(self);
        // A normal exit does not take linked actors along: stop the reader explicitly.
        self->unlink_from(self->state.reader);
        self->send_exit(self->state.reader, caf::exit_reason::user_shutdown);
        self->state.reader = nullptr;
        self->quit();
      },
  };
}

}  // namespace cityops
