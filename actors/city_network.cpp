#include "actors/city_network.hpp"

#include <caf/all.hpp>

#include "actors/protocol.hpp"
#include "actors/queue_holder.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<city_network_state>*;

const caf::actor* holder_of(self_ptr self, const domain::case_record& r) {
  const auto w = domain::waiting_on(r);
  if (w.who == domain::waiting_party::kind::none) return nullptr;
  auto& map = w.who == domain::waiting_party::kind::department ? self->state.departments
                                                                : self->state.nodes;
  auto it = map.find(w.id);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

caf::behavior city_network(self_ptr self, const config::city_model* city) {
  for (const auto& d : city->departments())
    self->state.departments.emplace(d.id, self->spawn<caf::linked>(department_actor, d.id));
  for (const auto& n : city->nodes())
    self->state.nodes.emplace(n.id, self->spawn<caf::linked>(tier_node_actor, n.id));
  self->join(self->system().groups().get_local(committed_stream_name));
  return {
      [self](committed_atom, const case_commit& c) {
        const auto* before = holder_of(self, c.previous);
        const auto* after = holder_of(self, c.snapshot);
        if (before == after) return;
        if (before) self->send(*before, released_atom::value, c.case_id);
        if (after) self->send(*after, assigned_atom::value, c.case_id, c.snapshot.updated_ms);
      },
      [self](queue_atom, const std::string& kind, const std::string& id) -> caf::result<queue_view> {
        const bool is_department = kind == "department";
        auto& map = is_department ? self->state.departments : self->state.nodes;
        auto it = map.find(id);
        if (it == map.end())
          return make_domain_error(domain::field_error(
              is_department ? domain::error_code::unknown_department
                            : domain::error_code::unknown_node,
              kind, "unknown " + kind + " '" + id + "'"));
        self->delegate(it->second, queue_atom::value);
        return caf::delegated<queue_view>{};
      },
  };
}

}  // namespace cityops
