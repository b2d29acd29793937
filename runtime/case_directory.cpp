#include "runtime/case_directory.hpp"

#include <algorithm>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/case_actor.hpp"
#include "actors/domain/iso_time.hpp"
#include "actors/intake_protocol.hpp"
#include "actors/oversight_protocol.hpp"
#include "actors/protocol.hpp"
#include "runtime/intake_shard.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<case_directory_state>*;

// How often the passivation sweep runs while case actors are live, and how many idle actors
// one round asks to passivate (passivation_rate per second).
constexpr auto sweep_period = std::chrono::milliseconds(100);

void arm_passivation_sweep(self_ptr self) {
  auto& st = self->state;
  if (st.sweep_armed || st.live.empty()) return;
  st.sweep_armed = true;
  self->delayed_send(self, sweep_period, sweep_atom::value);
}

// Asks the actors idle for at least the idle timeout, least recently used first, to
// passivate — at most `passivation_rate / 10` per round, so a burst of cases that all went
// idle together leaves gradually. An asked actor that refuses (it is writing) or whose
// request races with new work stays, and is asked again after another idle period.
void passivation_sweep(self_ptr self, const case_context_ptr& ctx) {
  auto& st = self->state;
  st.sweep_armed = false;
  const auto now = self->clock().now();
  auto budget = std::max<std::size_t>(1, st.passivation_rate / 10);
  while (budget > 0 && !st.idle_order.empty()) {
    auto it = st.live.find(st.idle_order.front());
    auto& e = it->second;
    if (now - e.last_used < ctx->idle_timeout) break;
    self->send(e.actor, passivate_atom::value);
    e.last_used = now;
    st.idle_order.splice(st.idle_order.end(), st.idle_order, e.idle_pos);
    --budget;
  }
  arm_passivation_sweep(self);
}

// The actor for `id`, spawned when not live — seeded from the recent-cases cache when the
// case is there, else loading from storage; counts the request and marks it used now.
caf::actor& route_to(self_ptr self, const case_context_ptr& ctx, const std::string& id) {
  auto& st = self->state;
  auto [it, fresh] = st.live.try_emplace(id);
  auto& e = it->second;
  if (fresh) {
    // Monitored, not linked: CAF 0.17 keeps an actor's links in a list, so unlinking one of
    // tens of thousands of children walks them all (seconds per thousand passivations after a
    // surge); a monitor lives on the child only. The directory stops its children itself
    // when it quits (exit handler below).
    e.actor = self->spawn<caf::monitored>(case_actor, ctx, id, st.recent.take(id),
                                          caf::actor_cast<caf::actor>(self));
    st.ids[e.actor.address()] = id;
    e.idle_pos = st.idle_order.insert(st.idle_order.end(), id);
    arm_passivation_sweep(self);
  } else {
    st.idle_order.splice(st.idle_order.end(), st.idle_order, e.idle_pos);
  }
  e.last_used = self->clock().now();
  ++e.forwarded;
  return e.actor;
}

// Forgets a live actor's mapping (it passivated or ended).
void forget(self_ptr self, case_directory_state::live_map::iterator it) {
  auto& st = self->state;
  st.ids.erase(it->second.actor.address());
  st.idle_order.erase(it->second.idle_pos);
  st.live.erase(it);
}

// New cases enter the recent-cases cache as committed; later commits of a cached case (no
// live actor) update it. A case with a live actor is never cached: the actor owns its state.
void on_committed(self_ptr self, const committed_batch& batch) {
  auto& st = self->state;
  for (const auto& c : batch.commits) {
    if (st.live.count(c.case_id) > 0) continue;
    if (c.previous.version == 0) {
      domain::case_record r = c.snapshot;
      r.history = c.events;
      st.recent.add(std::move(r));
    } else {
      st.recent.update(c.case_id, c.events);
    }
  }
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

}  // namespace

caf::behavior case_directory(self_ptr self, case_context_ptr ctx, case_directory_setup setup) {
  self->state.shards = std::move(setup.shards);
  self->state.passivation_rate = setup.passivation_rate;
  self->state.recent = domain::recent_cases(setup.recent_cases);
  self->join(self->system().groups().get_local(committed_stream_name));
  // A child that ends (crashed, or killed) reaches the down handler; a passivated one was
  // demonitored first and is already forgotten.
  self->set_down_handler([self, ctx](caf::down_msg& msg) {
    auto& st = self->state;
    auto named = st.ids.find(msg.source);
    if (named == st.ids.end()) return;
    const auto id = named->second;
    forget(self, st.live.find(id));
    if (msg.reason && msg.reason != caf::exit_reason::normal)
      on_case_failure(self, ctx, id, msg.reason);
  });
  // An exit message is a shutdown request from the runtime: the children go first.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [id, e] : self->state.live)
      if (e.actor) self->send_exit(e.actor, msg.reason);
    self->state.live.clear();
    self->state.ids.clear();
    self->state.idle_order.clear();
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
      // Reports belong to the intake shards; the directory passes requests made to it on
      // (keyed ones to their key's shard).
      [self](report_atom atom, domain::new_case& report) {
        auto& st = self->state;
        const auto& shard = st.shards[intake_shard_for({}, st.shards.size(), st.spread++)];
        return self->delegate(shard, atom, std::move(report));
      },
      [self](report_atom atom, domain::new_case& report, idempotency_key& key) {
        auto& st = self->state;
        const auto& shard = st.shards[intake_shard_for(key, st.shards.size(), 0)];
        return self->delegate(shard, atom, std::move(report), std::move(key));
      },
      [self](committed_atom, const committed_batch& batch) { on_committed(self, batch); },
      [self, ctx](sweep_atom) { passivation_sweep(self, ctx); },
      [self, ctx](act_atom atom, const std::string& id,
                  domain::action_request& request) -> caf::result<caf::message> {
        if (const auto* q = quarantine_of(self, id)) return quarantined_error(*q);
        return self->delegate(route_to(self, ctx, id), atom, id, std::move(request));
      },
      [self, ctx](act_atom atom, const std::string& id, domain::action_request& request,
                  access_scope& scope) -> caf::result<caf::message> {
        if (const auto* q = quarantine_of(self, id)) return quarantined_error(*q);
        return self->delegate(route_to(self, ctx, id), atom, id, std::move(request),
                              std::move(scope));
      },
      [self, ctx](fetch_atom atom, const std::string& id) -> caf::result<caf::message> {
        if (quarantine_of(self, id))  // readable without an actor
          return self->delegate(ctx->store, load_atom::value, id);
        return self->delegate(route_to(self, ctx, id), atom, id);
      },
      [self, ctx](sla_atom atom, const std::string& id) {
        if (quarantine_of(self, id)) return;  // no marks while quarantined
        self->delegate(route_to(self, ctx, id), atom, id);
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
        auto actor = it->second.actor;
        forget(self, it);
        self->demonitor(actor);
        self->send(actor, stop_atom::value);
      },
      [self](queue_atom) { return static_cast<std::uint64_t>(self->state.live.size()); },
  };
}

}  // namespace cityops
