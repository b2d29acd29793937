#include "actors/queue_holder.hpp"

#include <caf/all.hpp>

#include "actors/protocol.hpp"

namespace cityops {
namespace {

caf::behavior queue_behavior(caf::stateful_actor<queue_holder_state>* self, std::string owner) {
  self->state.owner = std::move(owner);
  return {
      [self](assigned_atom, const std::string& case_id, std::int64_t since_ms) {
        self->state.queue.add(case_id, since_ms);
      },
      [self](released_atom, const std::string& case_id) { self->state.queue.remove(case_id); },
      [self](queue_atom) {
        const auto& q = self->state.queue;
        queue_view v;
        v.owner = self->state.owner;
        v.length = q.size();
        if (q.size() > 0) {
          v.oldest_case = q.oldest_case();
          v.oldest_since_ms = q.oldest_since();
        }
        return v;
      },
  };
}

}  // namespace

caf::behavior department_actor(caf::stateful_actor<queue_holder_state>* self,
                               std::string department_id) {
  return queue_behavior(self, std::move(department_id));
}

caf::behavior tier_node_actor(caf::stateful_actor<queue_holder_state>* self, std::string node_id) {
  return queue_behavior(self, std::move(node_id));
}

}  // namespace cityops
