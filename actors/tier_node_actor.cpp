#include "actors/tier_node_actor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/protocol.hpp"
#include "actors/queue_support.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<tier_node_state>*;

std::string centre_of(const std::string& node) { return "centre:" + node; }

// Moves the case through the directory; a refusal means someone (an operator, a newer
// plan) moved it first, which is fine: the next committed state is planned again.
void act(self_ptr self, const network_env& env, const std::string& case_id,
         domain::action_request q) {
  const auto what = std::string(domain::to_string(q.action));
  self->request(env.directory, caf::infinite, act_atom::value, case_id, std::move(q))
      .then([](const domain::case_record&) {},
            [case_id, what, node = self->state.node](caf::error& err) {
              const auto e = to_domain_error(err);
              if (e.code == domain::error_code::illegal_transition) return;
              spdlog::warn("node {}: {} of {} failed: {}", node, what, case_id, e.message);
            });
}

void plan(self_ptr self, const network_env& env, const domain::case_record& r) {
  auto& planned = self->state.planned[r.id];
  if (planned >= r.version) return;  // this version was planned already
  planned = r.version;
  const auto rules = env.rules ? env.rules->current() : nullptr;
  const auto p = domain::plan_dispatch(r, *env.city, env.policy, rules.get());
  switch (p.what) {
    case domain::dispatch_plan::kind::wait:
      return;
    case domain::dispatch_plan::kind::dispatch: {
      domain::action_request q;
      q.action = domain::case_action::dispatch;
      q.by = centre_of(self->state.node);
      q.department = p.department;
      q.reason = p.reason;
      act(self, env, r.id, std::move(q));
      return;
    }
    case domain::dispatch_plan::kind::escalate:
      const auto* parent = env.city->parent(self->state.node);
      if (!parent) return;
      self->send(env.network, escalate_atom::value, parent->id, r, p.reason);
      return;
  }
}

}  // namespace

caf::behavior tier_node_actor(self_ptr self, std::string node_id, network_env_ptr env,
                              bool rebuild) {
  self->state.node = node_id;
  if (rebuild)
    rebuild_queue(self, env->store, "node", node_id, [self](const domain::case_record& r) {
      enqueue(self->state.queue, r);
    });
  return {
      // Start-up: the cases waiting on this centre, planned again (a move decided before a
      // restart but not yet made is made now; planning twice is harmless).
      [self, env](rebuild_atom, const case_list& waiting) {
        for (const auto& r : waiting.items) {
          enqueue(self->state.queue, r);
          plan(self, *env, r);
        }
      },
      [self, env](assigned_atom, const domain::case_record& r) {
        enqueue(self->state.queue, r);
        plan(self, *env, r);
      },
      [self](released_atom, const std::string& case_id) {
        self->state.queue.remove(case_id);
        self->state.planned.erase(case_id);
      },
      [self, env](escalate_atom, const domain::case_record& r, const std::string& reason) {
        // A child centre hands the case up: this centre records the move (the child is the
        // actor of the escalation, the ring follows from the child's tier).
        domain::action_request q;
        q.action = domain::case_action::escalate;
        q.by = centre_of(r.node);
        q.reason = reason;
        act(self, *env, r.id, std::move(q));
      },
      [self](queue_atom) { return make_queue_view(self->state.node, self->state.queue); },
  };
}

}  // namespace cityops
