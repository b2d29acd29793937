#include "actors/city_network.hpp"

#include <algorithm>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/department_actor.hpp"
#include "actors/protocol.hpp"
#include "actors/tier_node_actor.hpp"
#include "actors/intake_protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<city_network_state>*;

caf::actor spawn_department(self_ptr self, const std::string& id, bool rebuild) {
  return self->spawn<caf::linked>(department_actor, id, self->state.env, rebuild);
}

caf::actor spawn_node(self_ptr self, const std::string& id, bool rebuild) {
  return self->spawn<caf::linked>(tier_node_actor, id, self->state.env, rebuild);
}

const caf::actor* find(const std::unordered_map<std::string, caf::actor>& map,
                       const std::string& id) {
  auto it = map.find(id);
  return it == map.end() ? nullptr : &it->second;
}

const caf::actor* holder_of(self_ptr self, const domain::case_record& r) {
  const auto w = domain::waiting_on(r);
  switch (w.who) {
    case domain::waiting_party::kind::department:
      return find(self->state.departments, w.id);
    case domain::waiting_party::kind::node:
      return find(self->state.nodes, w.id);
    default:
      return nullptr;
  }
}

void on_commit(self_ptr self, const case_commit& c) {
  const auto* before = holder_of(self, c.previous);
  const auto* after = holder_of(self, c.snapshot);
  if (before && before != after) self->send(*before, released_atom::value, c.case_id);
  // Every change reaches the holder: a node plans on status changes, a queue tracks overdue.
  if (after) self->send(*after, assigned_atom::value, c.snapshot);

  const bool open = domain::is_open(c.snapshot.status);
  for (const auto& a : c.snapshot.assistants) {
    const bool is_new = std::find(c.previous.assistants.begin(), c.previous.assistants.end(),
                                  a) == c.previous.assistants.end();
    if (!open || is_new)
      if (const auto* d = find(self->state.departments, a))
        self->send(*d, assist_atom::value, c.case_id, open);
  }
}

// A child ended. Normal ends (shutdown) are ignored; failures restart it unless the restart
// budget of the period is spent.
void on_child_exit(self_ptr self, const caf::exit_msg& msg) {
  auto& st = self->state;
  auto restart = [&](std::unordered_map<std::string, caf::actor>& map, const char* kind,
                     auto spawn) {
    for (auto& [id, handle] : map) {
      if (handle.address() != msg.source) continue;
      const auto now = self->clock().now();
      while (!st.restarts.empty() && now - st.restarts.front() > st.settings.restart_period)
        st.restarts.pop_front();
      if (st.restarts.size() >= st.settings.max_restarts) {
        spdlog::critical(
            "city network: {} {} failed ({}) after {} restarts within {} s; shutting down",
            kind, id, caf::to_string(msg.reason), st.restarts.size(),
            st.settings.restart_period.count());
        if (st.settings.on_fatal)
          st.settings.on_fatal("the city network stopped: " + std::string(kind) + " " + id +
                               " is in a crash loop (" + caf::to_string(msg.reason) + ")");
        self->quit(msg.reason);
        return true;
      }
      st.restarts.push_back(now);
      spdlog::error("city network: {} {} failed ({}); restarting it", kind, id,
                    caf::to_string(msg.reason));
      handle = spawn(self, id, true);
      return true;
    }
    return false;
  };
  if (restart(st.departments, "department", spawn_department)) return;
  if (restart(st.nodes, "node", spawn_node)) return;
  self->quit(msg.reason);  // not a child: the runtime asks us to stop
}

template <class Reply>
caf::result<Reply> unknown(const std::string& kind, const std::string& id) {
  const bool dept = kind == "department";
  return make_domain_error(domain::field_error(
      dept ? domain::error_code::unknown_department : domain::error_code::unknown_node, kind,
      "unknown " + kind + " '" + id + "'"));
}

}  // namespace

caf::behavior city_network(self_ptr self, const config::city_model* city, caf::actor directory,
                           caf::actor store, network_settings settings) {
  auto env = std::make_shared<network_env>();
  env->city = city;
  env->policy = settings.dispatch;
  env->directory = std::move(directory);
  env->store = std::move(store);
  env->network = caf::actor_cast<caf::actor>(self);
  env->rules = settings.rules;
  self->state.env = env;
  self->state.settings = settings;
  for (const auto& d : city->departments())
    self->state.departments.emplace(d.id, spawn_department(self, d.id, false));
  for (const auto& n : city->nodes()) self->state.nodes.emplace(n.id, spawn_node(self, n.id, false));
  self->set_exit_handler([self](caf::exit_msg& msg) {
    if (msg.reason == caf::exit_reason::normal) return;
    on_child_exit(self, msg);
  });
  self->join(self->system().groups().get_local(committed_stream_name));
  // Every queue from one scan of the waiting index, after joining the stream (a commit racing
  // the scan is then both in the scan and in the mailbox; queue updates are idempotent) and
  // before anything else (await holds the mailbox: the runtime's readiness probe included).
  self->request(self->state.env->store, caf::infinite, rebuild_atom::value)
      .await(
          [self](std::vector<waiting_group>& groups) {
            std::size_t cases = 0;
            for (auto& g : groups) {
              auto& actors = g.kind == "department" ? self->state.departments : self->state.nodes;
              const auto* a = find(actors, g.id);
              if (!a) {
                spdlog::warn("city network: {} open cases wait on unknown {} '{}'",
                             g.items.size(), g.kind, g.id);
                continue;
              }
              cases += g.items.size();
              self->send(*a, rebuild_atom::value, case_list{std::move(g.items), {}});
            }
            spdlog::info("city network: queues rebuilt from storage, {} open cases", cases);
          },
          [](caf::error& err) {
            spdlog::error("city network: queues not rebuilt: {}", caf::to_string(err));
          });
  auto map_of = [self](const std::string& kind) -> std::unordered_map<std::string, caf::actor>& {
    return kind == "department" ? self->state.departments : self->state.nodes;
  };
  return {
      [self](committed_atom, const committed_batch& batch) {
        for (const auto& c : batch.commits) on_commit(self, c);
      },
      [self](escalate_atom, const std::string& parent, const domain::case_record& r,
             const std::string& reason) {
        if (const auto* p = find(self->state.nodes, parent))
          self->send(*p, escalate_atom::value, r, reason);
      },
      [self, map_of](queue_atom, const std::string& kind,
                     const std::string& id) -> caf::result<queue_view> {
        const auto* a = find(map_of(kind), id);
        if (!a) return unknown<queue_view>(kind, id);
        self->delegate(*a, queue_atom::value);
        return caf::delegated<queue_view>{};
      },
      [self](dept_act_atom, const std::string& department, const std::string& case_id,
             domain::action_request& q) -> caf::result<domain::case_record> {
        const auto* a = find(self->state.departments, department);
        if (!a) return unknown<domain::case_record>("department", department);
        self->delegate(*a, dept_act_atom::value, case_id, std::move(q));
        return caf::delegated<domain::case_record>{};
      },
      [map_of](lookup_atom, const std::string& kind, const std::string& id) -> caf::result<caf::actor> {
        const auto* a = find(map_of(kind), id);
        if (!a) return unknown<caf::actor>(kind, id);
        return *a;
      },
  };
}

}  // namespace cityops
