#include "actors/scenario_supervisor.hpp"

#include <algorithm>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/case_adjuster.hpp"
#include "actors/protocol.hpp"
#include "actors/scenario_protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<scenario_supervisor_state>*;
using phase = scenario_entry::phase;
namespace kind = domain::scenario_kind;

caf::error error_of(domain::error_code code, std::string field, std::string message) {
  return make_domain_error(domain::field_error(code, std::move(field), std::move(message)));
}

std::string_view to_string(phase p) {
  switch (p) {
    case phase::starting: return "starting";
    case phase::active: return "active";
    default: return "stopping";
  }
}

scenario_entry* entry_of(self_ptr self, const std::string& name, std::uint64_t attempt) {
  const auto it = self->state.entries.find(name);
  if (it == self->state.entries.end() || it->second.attempt != attempt) return nullptr;
  return &it->second;
}

// The entry a host speaks for: same name and activation.
scenario_entry* entry_of_activation(self_ptr self, const std::string& name,
                                    std::uint64_t activation) {
  const auto it = self->state.entries.find(name);
  if (it == self->state.entries.end() || it->second.activation.seq != activation) return nullptr;
  return &it->second;
}

scenario_view view_of(self_ptr self, const std::string& name) {
  const auto& st = self->state;
  scenario_view v;
  v.description = st.setup.registry->find(name);
  v.state = "inactive";
  if (const auto it = st.entries.find(name); it != st.entries.end()) {
    v.state = std::string(to_string(it->second.state));
    v.activation = it->second.activation;
  }
  if (const auto it = st.ended.find(name); it != st.ended.end()) v.ended = it->second;
  return v;
}

void notify(self_ptr self, const std::string& name, std::string event, std::string data) {
  scenario_notice n{name, std::move(event), self->state.setup.clock->now_ms(), {},
                    std::move(data)};
  self->send(self->system().groups().get_local(scenario_stream_name), scenario_atom::value,
             std::move(n));
}

// The overlay of every scenario that is starting, active or stopping, swapped in at once.
void publish_overlay(self_ptr self) {
  std::vector<domain::rule_contribution> contributions;
  for (const auto& [name, e] : self->state.entries)
    if (!e.rules.empty())
      contributions.push_back(domain::rule_contribution{name, e.activation.seq, e.rules});
  self->state.setup.board->publish(
      std::make_shared<const domain::scenario_rules>(std::move(contributions)));
}

domain::scenario_event lifecycle(self_ptr self, const std::string& name, std::string_view k,
                                 std::string by, std::uint64_t activation = 0) {
  domain::scenario_event e;
  e.scenario = name;
  e.kind = std::string(k);
  e.at_ms = self->state.setup.clock->now_ms();
  e.by = std::move(by);
  e.activation = activation;
  return e;
}

using stored_events = std::vector<domain::scenario_event>;

// Stores `events` (synced); `then` gets them numbered, or the error.
template <class Then>
void store_events(self_ptr self, stored_events events, Then then) {
  self->request(self->state.setup.store, caf::infinite, scenario_atom::value, put_atom::value,
                std::move(events))
      .then([then](stored_events& stored) mutable { then(&stored, nullptr); },
            [then](caf::error& e) mutable { then(static_cast<stored_events*>(nullptr), &e); });
}

void ignore_stored(stored_events*, caf::error*) {}

void check_ready(self_ptr self) {
  auto& st = self->state;
  if (!st.loaded) return;
  for (const auto& [name, e] : st.entries)
    if (e.restoring) return;
  for (auto& rp : st.ready_waiters) rp.deliver(true);
  st.ready_waiters.clear();
}

void arm_watchdog(self_ptr self) {
  auto& st = self->state;
  if (st.watchdog_armed || st.entries.empty()) return;
  st.watchdog_armed = true;
  const auto period = std::max(st.setup.budget / 4, std::chrono::milliseconds(10));
  self->delayed_send(self, period, watchdog_atom::value);
}

// Stops a host and the actors its scenario spawned (a stalled host ends when its handler
// returns: the exit waits in its mailbox).
void stop_actors(self_ptr self, scenario_entry& e, caf::exit_reason why) {
  for (auto& c : e.children) self->send_exit(c, why);
  e.children.clear();
  if (e.host) {
    self->demonitor(e.host);
    self->send_exit(e.host, why);
  }
}

void run_adjust(self_ptr self, const std::string& name, domain::scenario_area area) {
  const auto& s = self->state.setup;
  self->spawn(case_adjuster, case_adjuster_setup{name, std::move(area), s.store, s.directory});
}

// The scenario failed (threw, stalled, its host died, or it could not start): withdrawn at
// once, its actors stopped, `failed` stored and published.
void fail(self_ptr self, std::string name, const std::string& why, const std::string& by) {
  auto& st = self->state;
  const auto it = st.entries.find(name);
  if (it == st.entries.end()) return;
  auto e = std::move(it->second);
  st.entries.erase(it);
  spdlog::error("scenario {} failed: {}; its rules are withdrawn", name, why);
  if (!e.rules.empty()) publish_overlay(self);
  stop_actors(self, e, caf::exit_reason::kill);
  auto failed = lifecycle(self, name, kind::failed, by, e.activation.seq);
  failed.detail = why;
  st.ended[name] = failed;
  notify(self, name, "failed", "{}");
  if (e.waiting) {
    if (e.state == phase::stopping)
      e.waiting->deliver(view_of(self, name));  // it is inactive now, as asked
    else
      e.waiting->deliver(error_of(domain::error_code::internal, "",
                                  "scenario '" + name + "' failed: " + why));
  }
  if (e.activation.seq != 0)
    store_events(self, {failed}, [name](stored_events*, caf::error* err) {
      if (err)
        spdlog::critical("scenario {}: its failure was not stored ({}); a restart restores it",
                         name, to_domain_error(*err).message);
    });
  check_ready(self);
}

// Spawns the host of a fresh instance; the entry is `starting`.
scenario_entry& start_host(self_ptr self, const std::string& name) {
  auto& st = self->state;
  auto& e = st.entries[name];
  e = scenario_entry{};
  e.attempt = ++st.attempts;
  e.watch = std::make_shared<host_watch>();
  scenario_host_setup hs{name,
                         std::shared_ptr<scenario>(st.setup.registry->make(name)),
                         st.setup.city,
                         st.setup.clock,
                         caf::actor_cast<caf::actor>(self),
                         st.setup.directory,
                         st.setup.store,
                         e.watch};
  e.host = st.setup.detached_hosts ? self->spawn<caf::detached + caf::monitored>(scenario_host, hs)
                                   : self->spawn<caf::monitored>(scenario_host, hs);
  arm_watchdog(self);
  return e;
}

// configure → (store `activated`) → activate; `stored` is the activation event already in
// the store (a restoration) or null (store one now).
void start(self_ptr self, const std::string& name, std::string parameters, std::string by,
           const domain::scenario_event* stored);

void run_activate(self_ptr self, const std::string& name, std::uint64_t attempt,
                  std::vector<domain::scenario_event> journal) {
  auto* e = entry_of(self, name, attempt);
  if (!e) return;
  host_start hs{e->activation.seq, e->restoring, std::move(journal)};
  self->request(e->host, caf::infinite, activate_atom::value, e->activation.parameters,
                std::move(hs))
      .then(
          [self, name, attempt](bool) {
            auto* e = entry_of(self, name, attempt);
            if (!e) return;
            e->state = phase::active;
            spdlog::info("scenario {} {} (activation {})", name,
                         e->restoring ? "restored" : "activated", e->activation.seq);
            if (e->restoring) {
              e->restoring = false;
              auto restored = lifecycle(self, name, kind::restored, "system", e->activation.seq);
              restored.parameters = e->activation.parameters;
              store_events(self, {restored}, ignore_stored);
              check_ready(self);
            }
            notify(self, name, "activated", "{}");
            if (e->waiting) {
              e->waiting->deliver(view_of(self, name));
              e->waiting.reset();
            }
          },
          [self, name, attempt](caf::error& err) {
            if (entry_of(self, name, attempt))
              fail(self, name, to_domain_error(err).message, "system");
          });
}

void start(self_ptr self, const std::string& name, std::string parameters, std::string by,
           const domain::scenario_event* stored) {
  auto& e = start_host(self, name);
  const auto attempt = e.attempt;
  if (stored) {
    e.activation = *stored;
    e.restoring = true;
  }
  self->request(e.host, caf::infinite, configure_atom::value, parameters, e.restoring)
      .then(
          [self, name, attempt, parameters, by](bool) {
            auto* e = entry_of(self, name, attempt);
            if (!e) return;
            if (e->restoring) {  // its journal, then activate
              self->request(self->state.setup.store, caf::infinite, scenario_atom::value,
                            journal_atom::value, name, e->activation.seq)
                  .then(
                      [self, name, attempt](std::vector<domain::scenario_event>& journal) {
                        run_activate(self, name, attempt, std::move(journal));
                      },
                      [self, name, attempt](caf::error& err) {
                        if (entry_of(self, name, attempt))
                          fail(self, name, "journal not read: " + to_domain_error(err).message,
                               "system");
                      });
              return;
            }
            auto activated = lifecycle(self, name, kind::activated, by);
            activated.parameters = parameters;
            store_events(self, {activated},
                         [self, name, attempt](stored_events* stored, caf::error* err) {
                           auto* e = entry_of(self, name, attempt);
                           if (!e) return;
                           if (err) {  // nothing happened: not active
                             auto waiting = std::move(e->waiting);
                             stop_actors(self, *e, caf::exit_reason::user_shutdown);
                             self->state.entries.erase(name);
                             if (waiting) waiting->deliver(*err);
                             return;
                           }
                           e->activation = stored->front();
                           run_activate(self, name, attempt, {});
                         });
          },
          [self, name, attempt](caf::error& err) {
            auto* e = entry_of(self, name, attempt);
            if (!e) return;
            if (e->restoring) {
              fail(self, name, "its parameters are refused: " + to_domain_error(err).message,
                   "system");
              return;
            }
            // Refused parameters (or configure threw): no trace, the caller learns why.
            auto waiting = std::move(e->waiting);
            stop_actors(self, *e, caf::exit_reason::user_shutdown);
            self->state.entries.erase(name);
            if (waiting) waiting->deliver(err);
          });
}

// deactivated stored → deactivate() → rules withdrawn, actors stopped, adjustments run.
void stop(self_ptr self, const std::string& name, std::string by, std::string reason) {
  auto& e = self->state.entries.at(name);
  e.state = phase::stopping;
  const auto attempt = e.attempt;
  auto ev = lifecycle(self, name, kind::deactivated, std::move(by), e.activation.seq);
  ev.detail = std::move(reason);
  store_events(self, {ev}, [self, name, attempt](stored_events* stored, caf::error* err) {
    auto* e = entry_of(self, name, attempt);
    if (!e) return;
    if (err) {  // still active: nothing changed
      e->state = phase::active;
      if (e->waiting) e->waiting->deliver(*err);
      e->waiting.reset();
      return;
    }
    const auto deactivated = stored->front();
    self->request(e->host, caf::infinite, deactivate_atom::value)
        .then(
            [self, name, attempt, deactivated](bool) {
              auto& st = self->state;
              auto* e = entry_of(self, name, attempt);
              if (!e) return;
              auto done = std::move(*e);
              st.entries.erase(name);
              if (!done.rules.empty()) publish_overlay(self);
              stop_actors(self, done, caf::exit_reason::user_shutdown);
              st.ended[name] = deactivated;
              spdlog::info("scenario {} deactivated by {}", name, deactivated.by);
              notify(self, name, "deactivated", "{}");
              for (auto& area : done.adjust_after) run_adjust(self, name, std::move(area));
              if (done.waiting) done.waiting->deliver(view_of(self, name));
            },
            [self, name, attempt](caf::error& err) {
              if (entry_of(self, name, attempt))
                fail(self, name, to_domain_error(err).message, "system");
            });
  });
}

// At start: every scenario of the stored active set again, with its parameters.
void restore(self_ptr self) {
  self->request(self->state.setup.store, caf::infinite, scenario_atom::value, load_atom::value)
      .then(
          [self](std::vector<domain::scenario_event>& active) {
            auto& st = self->state;
            for (const auto& a : active) {
              if (!st.setup.registry->find(a.scenario)) {
                spdlog::error("scenario {} was active but is not registered in this build",
                              a.scenario);
                auto failed = lifecycle(self, a.scenario, kind::failed, "system", a.activation);
                failed.detail = "not registered in this build";
                store_events(self, {failed}, ignore_stored);
                continue;
              }
              start(self, a.scenario, a.parameters, a.by, &a);
            }
            st.loaded = true;
            check_ready(self);
          },
          [self](caf::error& err) {
            spdlog::error("scenarios: the active set was not read: {}",
                          to_domain_error(err).message);
            self->state.loaded = true;
            check_ready(self);
          });
}

void watchdog(self_ptr self) {
  auto& st = self->state;
  st.watchdog_armed = false;
  const auto now = steady_now_ms();
  const auto budget = st.setup.budget.count();
  std::vector<std::pair<std::string, std::string>> stalled;
  for (const auto& [name, e] : st.entries) {
    const auto since = e.watch->since_ms.load();
    if (since == 0 || now - since <= budget) continue;
    const auto h = static_cast<host_watch::handler>(e.watch->running.load());
    stalled.emplace_back(name, "stalled: " + std::string(to_string(h)) + " ran longer than " +
                                   std::to_string(budget) + " ms");
  }
  for (const auto& [name, why] : stalled) fail(self, name, why, "watchdog");
  arm_watchdog(self);
}

caf::result<scenario_view> unknown(const std::string& name) {
  return error_of(domain::error_code::not_found, "name", "no scenario '" + name + "'");
}

}  // namespace

caf::behavior scenario_supervisor(self_ptr self, scenario_supervisor_setup setup) {
  self->state.setup = std::move(setup);
  // Hosts are monitored, not linked: asked to stop (shutdown), the supervisor stops them
  // itself, without storing anything (the active set stays for the next start).
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [name, e] : self->state.entries) stop_actors(self, e, caf::exit_reason::user_shutdown);
    self->quit(msg.reason);
  });
  self->set_down_handler([self](caf::down_msg& msg) {
    for (auto& [name, e] : self->state.entries)
      if (e.host.address() == msg.source)
        return fail(self, name, "its host ended: " + caf::to_string(msg.reason), "system");
  });
  restore(self);
  return {
      [self](scenario_atom, list_atom) {
        std::vector<scenario_view> out;
        for (const auto* d : self->state.setup.registry->all())
          out.push_back(view_of(self, d->name));
        return out;
      },
      [self](scenario_atom, get_atom, const std::string& name) -> caf::result<scenario_view> {
        if (!self->state.setup.registry->find(name)) return unknown(name);
        return view_of(self, name);
      },
      [self](scenario_atom, activate_atom, scenario_call& call) -> caf::result<scenario_view> {
        auto& st = self->state;
        if (!st.setup.registry->find(call.name)) return unknown(call.name);
        if (const auto it = st.entries.find(call.name); it != st.entries.end())
          return error_of(domain::error_code::conflict, "name",
                          "scenario '" + call.name + "' is already " +
                              std::string(to_string(it->second.state)));
        auto rp = self->make_response_promise<scenario_view>();
        start(self, call.name, std::move(call.parameters), std::move(call.by), nullptr);
        st.entries.at(call.name).waiting = rp;
        return rp;
      },
      [self](scenario_atom, deactivate_atom, scenario_call& call) -> caf::result<scenario_view> {
        auto& st = self->state;
        if (!st.setup.registry->find(call.name)) return unknown(call.name);
        const auto it = st.entries.find(call.name);
        if (it == st.entries.end() || it->second.state != phase::active)
          return error_of(domain::error_code::conflict, "name",
                          "scenario '" + call.name + "' is not active");
        auto rp = self->make_response_promise<scenario_view>();
        it->second.waiting = rp;
        stop(self, call.name, std::move(call.by), std::move(call.reason));
        return rp;
      },
      [self](scenario_atom, history_atom, history_request& q) -> caf::result<scenario_history> {
        if (!self->state.setup.registry->find(q.name))
          return error_of(domain::error_code::not_found, "name", "no scenario '" + q.name + "'");
        auto rp = self->make_response_promise<scenario_history>();
        const auto limit = q.limit;
        self->request(self->state.setup.store, caf::infinite, scenario_atom::value,
                      history_atom::value, std::move(q))
            .then(
                [rp, limit](std::vector<domain::scenario_event>& items) mutable {
                  scenario_history h;
                  if (items.size() == limit && !items.empty()) h.next_before = items.back().seq;
                  h.items = std::move(items);
                  rp.deliver(std::move(h));
                },
                [rp](caf::error& e) mutable { rp.deliver(e); });
        return rp;
      },
      [self](scenario_atom, call_atom, const std::string& name,
             scenario_request& req) -> caf::result<scenario_reply> {
        const auto it = self->state.entries.find(name);
        if (it == self->state.entries.end() || it->second.state != phase::active) {
          if (!self->state.setup.registry->find(name))
            return error_of(domain::error_code::not_found, "name", "no scenario '" + name + "'");
          return error_of(domain::error_code::not_found, "name",
                          "scenario '" + name + "' is not active");
        }
        self->delegate(it->second.host, call_atom::value, std::move(req));
        return caf::delegated<scenario_reply>{};
      },
      [self](scenario_atom, ready_atom) -> caf::result<bool> {
        auto rp = self->make_response_promise<bool>();
        self->state.ready_waiters.push_back(rp);
        check_ready(self);
        return rp;
      },
      [self](rules_atom, const std::string& name, std::uint64_t activation,
             domain::scenario_rule_set& rules) {
        auto* e = entry_of_activation(self, name, activation);
        if (!e || e->state == phase::stopping) return;
        e->rules = std::move(rules);
        publish_overlay(self);
      },
      [self](adjust_atom, const std::string& name, std::uint64_t activation,
             domain::scenario_area& area) {
        auto* e = entry_of_activation(self, name, activation);
        if (!e) return;
        if (e->state == phase::stopping)
          e->adjust_after.push_back(std::move(area));
        else
          run_adjust(self, name, std::move(area));
      },
      [self](spawned_atom, const std::string& name, std::uint64_t activation,
             const caf::actor& child) {
        if (auto* e = entry_of_activation(self, name, activation))
          e->children.push_back(child);
        else
          self->send_exit(child, caf::exit_reason::user_shutdown);
      },
      [self](failed_atom, const std::string& name, std::uint64_t activation,
             const std::string& why) {
        if (entry_of_activation(self, name, activation)) fail(self, name, why, "system");
      },
      [self](deactivate_atom, const std::string& name, std::uint64_t activation,
             std::string& reason) {
        auto* e = entry_of_activation(self, name, activation);
        if (!e || e->state != phase::active) return;
        stop(self, name, "scenario:" + name, std::move(reason));
      },
      [self](watchdog_atom) { watchdog(self); },
  };
}

}  // namespace cityops
