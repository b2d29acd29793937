#include "runtime/case_directory.hpp"

#include <algorithm>
#include <cstdio>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/case_actor.hpp"
#include "actors/domain/iso_time.hpp"
#include "actors/oversight_protocol.hpp"
#include "actors/protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<case_directory_state>*;

// The actor for `id`, spawned (and loading from storage) when not live; counts the request.
caf::actor& route_to(self_ptr self, const case_context_ptr& ctx, const std::string& id,
                     bool is_new) {
  auto& e = self->state.live[id];
  if (!e.actor) {
    // Monitored, not linked: CAF 0.17 keeps an actor's links in a list, so unlinking one of
    // tens of thousands of children walks them all (seconds per thousand passivations after a
    // surge); a monitor lives on the child only. The directory stops its children itself
    // when it quits (exit handler below).
    e.actor = self->spawn<caf::monitored>(case_actor, ctx, id, is_new,
                                          caf::actor_cast<caf::actor>(self));
    e.forwarded = 0;
    self->state.ids[e.actor.address()] = id;
  }
  ++e.forwarded;
  return e.actor;
}

// Calls `then(id)` with the next case id, first reserving a block from the store when the
// day changed or the block is used up (awaited: the mailbox waits for one synced write per
// block); `fail(error)` when the reservation fails.
template <class Then, class Fail>
void with_next_id(self_ptr self, const case_context_ptr& ctx, Then then, Fail fail) {
  auto& st = self->state;
  const auto day = domain::local_day_stamp(ctx->clock.now_ms());
  if (day == st.id_day && st.next_seq < st.end_seq) {
    then(make_case_id(ctx->city.city_id, st.id_day, st.next_seq++));
    return;
  }
  self->request(ctx->store, caf::infinite, reserve_atom::value, day, case_id_block)
      .await(
          [self, ctx, day, then](std::uint64_t first) mutable {
            auto& s = self->state;
            s.id_day = day;
            s.next_seq = first;
            s.end_seq = first + case_id_block;
            then(make_case_id(ctx->city.city_id, s.id_day, s.next_seq++));
          },
          [fail](caf::error& err) mutable { fail(err); });
}

// ---- Quarantine (poison messages) -----------------------------------------------------------

caf::error quarantined_error(const domain::quarantine_entry& q) {
  return make_domain_error(domain::field_error(
      domain::error_code::quarantined, "id",
      "case " + q.case_id + " is quarantined since " + domain::format_iso8601(q.at_ms) +
          " after " + std::to_string(q.failures) + " failures of its actor (" + q.reason +
          "); it can be read but not changed until an admin releases it"));
}

const domain::quarantine_entry* quarantine_of(self_ptr self, const std::string& id) {
  const auto& q = self->state.quarantined;
  auto it = q.find(id);
  return it == q.end() ? nullptr : &it->second;
}

// A case actor of `id` ended abnormally with `reason`: counted, and quarantined at the
// threshold. The entry takes effect at once (in memory); it is announced only once durable.
void on_case_failure(self_ptr self, const case_context_ptr& ctx, const std::string& id,
                     const caf::error& reason) {
  auto& st = self->state;
  // The exception's own text when the actor's handler gave one (case_actor.cpp).
  const auto& ctx_msg = reason.context();
  const auto text = ctx_msg.match_elements<std::string>() ? ctx_msg.get_as<std::string>(0)
                                                          : caf::to_string(reason);
  const auto failures = st.failures.record(id);
  spdlog::error("case {}: actor ended abnormally ({} of {} before quarantine): {}", id, failures,
                st.failures.threshold(), text);
  if (!st.failures.reached(failures)) return;
  st.failures.forget(id);
  domain::quarantine_entry q{id, text, ctx->clock.now_ms(), failures};
  st.quarantined[id] = q;
  spdlog::critical("case {} quarantined after {} failures of its actor: {}", id, failures, text);
  self->request(ctx->store, caf::infinite, quarantine_atom::value, put_atom::value, q)
      .then(
          [self, q](caf::ok_atom) {
            self->send(self->system().groups().get_local(quarantine_stream_name),
                       quarantine_atom::value, q);
          },
          [id](caf::error& err) {
            spdlog::error("case {}: quarantine not stored (holds until restart): {}", id,
                          caf::to_string(err));
          });
}

// ---- Idempotency-Key ----------------------------------------------------------------------

caf::error key_conflict(const std::string& case_id) {
  return make_domain_error(domain::field_error(
      domain::error_code::conflict, "Idempotency-Key",
      "this Idempotency-Key was already used with a different request (case " + case_id + ")"));
}

// The key's attempt produced `record` (created now, or found from an earlier request whose
// body hashed to `stored_hash`): answers the leading request and every waiting one — a replay
// unless it is the leader of a fresh creation, a conflict when its body differs — and takes
// the key out of flight.
void settle_key(self_ptr self, const std::string& scoped_key, caf::response_promise leader,
                const std::string& leader_hash, const std::string& stored_hash,
                const domain::case_record& record, bool created_now) {
  auto answer = [&](caf::response_promise& rp, const std::string& hash, bool replayed) {
    if (hash != stored_hash)
      rp.deliver(key_conflict(record.id));
    else
      rp.deliver(report_outcome{record, replayed});
  };
  answer(leader, leader_hash, !created_now);
  auto& flights = self->state.keys_in_flight;
  auto it = flights.find(scoped_key);
  if (it == flights.end()) return;
  auto waiters = std::move(it->second);
  flights.erase(it);
  for (auto& w : waiters) answer(w.rp, w.key.body_hash, true);
}

// The key's attempt failed before anything was stored under it: the leader gets the error,
// and the waiting requests go back into the mailbox to start over (the first of them leads).
void fail_key(self_ptr self, const std::string& scoped_key, caf::response_promise leader,
              const caf::error& err) {
  leader.deliver(err);
  auto& flights = self->state.keys_in_flight;
  auto it = flights.find(scoped_key);
  if (it == flights.end()) return;
  auto waiters = std::move(it->second);
  flights.erase(it);
  const auto me = caf::actor_cast<caf::actor>(self);
  for (auto& w : waiters)
    w.rp.delegate(me, report_atom::value, std::move(w.report), std::move(w.key));
}

// A keyed report whose key is not stored yet: a new case carrying the key.
void create_keyed(self_ptr self, const case_context_ptr& ctx, domain::new_case report,
                  idempotency_key key, caf::response_promise leader) {
  const auto scoped = key.scoped_key;
  with_next_id(
      self, ctx,
      [self, ctx, report, key, leader](const std::string& id) {
        self->request(route_to(self, ctx, id, true), caf::infinite, report_atom::value, report,
                      key)
            .then(
                [self, key, leader](domain::case_record& r) {
                  settle_key(self, key.scoped_key, leader, key.body_hash, key.body_hash, r,
                             true);
                },
                [self, key, leader](caf::error& err) {
                  fail_key(self, key.scoped_key, leader, err);
                });
      },
      [self, scoped, leader](caf::error& err) { fail_key(self, scoped, leader, err); });
}

// A keyed report whose key the store already holds: the case it created, as a replay.
void replay_keyed(self_ptr self, const case_context_ptr& ctx, const idempotency_hit& hit,
                  idempotency_key key, caf::response_promise leader) {
  auto reader = quarantine_of(self, hit.case_id)
                    ? self->request(ctx->store, caf::infinite, load_atom::value, hit.case_id)
                    : self->request(route_to(self, ctx, hit.case_id, false), caf::infinite,
                                    fetch_atom::value, hit.case_id);
  std::move(reader).then(
          [self, key, leader, stored = hit.body_hash](domain::case_record& r) {
            settle_key(self, key.scoped_key, leader, key.body_hash, stored, r, false);
          },
          [self, key, leader](caf::error& err) { fail_key(self, key.scoped_key, leader, err); });
}

}  // namespace

std::string make_case_id(const std::string& city, const std::string& day, std::uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06llu", static_cast<unsigned long long>(seq));
  return city + "-" + day + "-" + buf;
}

caf::behavior case_directory(self_ptr self, case_context_ptr ctx) {
  // A child that ends (crashed, or killed) reaches the down handler; a passivated one was
  // demonitored first and is already forgotten.
  self->set_down_handler([self, ctx](caf::down_msg& msg) {
    auto& st = self->state;
    auto named = st.ids.find(msg.source);
    if (named == st.ids.end()) return;
    const auto id = named->second;
    st.ids.erase(named);
    st.live.erase(id);
    if (msg.reason && msg.reason != caf::exit_reason::normal)
      on_case_failure(self, ctx, id, msg.reason);
  });
  // An exit message is a shutdown request from the runtime: the children go first.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [id, e] : self->state.live)
      if (e.actor) self->send_exit(e.actor, msg.reason);
    self->state.live.clear();
    self->state.ids.clear();
    self->quit(msg.reason);
  });
  // The quarantine list, before any request is served (await holds the mailbox).
  self->request(ctx->store, caf::infinite, quarantine_atom::value, list_atom::value)
      .await(
          [self](std::vector<domain::quarantine_entry>& entries) {
            for (auto& q : entries) self->state.quarantined.emplace(q.case_id, std::move(q));
            if (!entries.empty())
              spdlog::warn("{} quarantined cases: writes to them are refused until released",
                           entries.size());
          },
          [](caf::error& err) {
            spdlog::error("quarantine list not loaded: {}", caf::to_string(err));
          });
  return {
      [self, ctx](report_atom, domain::new_case& report) -> caf::result<domain::case_record> {
        auto rp = self->make_response_promise<domain::case_record>();
        with_next_id(
            self, ctx,
            [self, ctx, rp, report = std::move(report)](const std::string& id) mutable {
              rp.delegate(route_to(self, ctx, id, true), report_atom::value, std::move(report));
            },
            [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
        return rp;
      },
      [self, ctx](report_atom, domain::new_case& report,
                  idempotency_key& key) -> caf::result<report_outcome> {
        auto rp = self->make_response_promise();
        auto& flights = self->state.keys_in_flight;
        if (auto it = flights.find(key.scoped_key); it != flights.end()) {
          // Another request with this key is being looked up or created: wait for it.
          it->second.push_back({rp, std::move(report), std::move(key)});
          return rp;
        }
        flights.emplace(key.scoped_key, std::vector<case_directory_state::key_waiter>{});
        const auto scoped = key.scoped_key;
        self->request(ctx->store, caf::infinite, idem_atom::value, scoped)
            .then(
                [self, ctx, report, key, rp](idempotency_hit& hit) {
                  if (hit.found)
                    replay_keyed(self, ctx, hit, key, rp);
                  else
                    create_keyed(self, ctx, report, key, rp);
                },
                [self, scoped, rp](caf::error& err) { fail_key(self, scoped, rp, err); });
        return rp;
      },
      [self, ctx](act_atom atom, const std::string& id,
                  domain::action_request& request) -> caf::result<caf::message> {
        if (const auto* q = quarantine_of(self, id)) return quarantined_error(*q);
        return self->delegate(route_to(self, ctx, id, false), atom, id, std::move(request));
      },
      [self, ctx](act_atom atom, const std::string& id, domain::action_request& request,
                  access_scope& scope) -> caf::result<caf::message> {
        if (const auto* q = quarantine_of(self, id)) return quarantined_error(*q);
        return self->delegate(route_to(self, ctx, id, false), atom, id, std::move(request),
                              std::move(scope));
      },
      [self, ctx](fetch_atom atom, const std::string& id) -> caf::result<caf::message> {
        if (quarantine_of(self, id))  // readable without an actor
          return self->delegate(ctx->store, load_atom::value, id);
        return self->delegate(route_to(self, ctx, id, false), atom, id);
      },
      [self, ctx](sla_atom atom, const std::string& id) {
        if (quarantine_of(self, id)) return;  // no marks while quarantined
        self->delegate(route_to(self, ctx, id, false), atom, id);
      },
      [self](quarantine_atom, list_atom) {
        std::vector<domain::quarantine_entry> out;
        for (const auto& [id, q] : self->state.quarantined) out.push_back(q);
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
          return a.at_ms != b.at_ms ? a.at_ms < b.at_ms : a.case_id < b.case_id;
        });
        return out;
      },
      [self, ctx](quarantine_atom, release_atom, const std::string& id) -> caf::result<bool> {
        auto rp = self->make_response_promise<bool>();
        self->request(ctx->store, caf::infinite, quarantine_atom::value, release_atom::value, id)
            .then(
                [self, rp, id](bool removed) mutable {
                  // In memory without a stored entry (its write failed): released too.
                  const bool held = self->state.quarantined.erase(id) > 0;
                  self->state.failures.forget(id);
                  if (removed || held) spdlog::warn("case {} released from quarantine", id);
                  rp.deliver(removed || held);
                },
                [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
        return rp;
      },
      [self](passivate_atom, const std::string& id, std::uint64_t seen) {
        auto& live = self->state.live;
        auto it = live.find(id);
        // A stale request (from an actor already replaced) or one that raced with new work
        // is ignored; the actor asks again after its next idle period.
        if (it == live.end() || it->second.actor.address() != self->current_sender() ||
            it->second.forwarded != seen)
          return;
        auto actor = std::move(it->second.actor);
        live.erase(it);
        self->state.ids.erase(actor.address());
        self->demonitor(actor);
        self->send(actor, stop_atom::value);
      },
      [self](queue_atom) { return static_cast<std::uint64_t>(self->state.live.size()); },
  };
}

}  // namespace cityops
