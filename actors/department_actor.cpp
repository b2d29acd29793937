#include "actors/department_actor.hpp"

#include <caf/all.hpp>

#include "actors/protocol.hpp"
#include "actors/queue_support.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<department_state>*;

domain::domain_error refuse(domain::error_code code, std::string field, std::string message) {
  return domain::field_error(code, std::move(field), std::move(message));
}

}  // namespace

bool is_department_action(domain::case_action a) {
  using domain::case_action;
  switch (a) {
    case case_action::start:
    case case_action::return_case:
    case case_action::transfer:
    case case_action::handle:
    case case_action::extend:
    case case_action::assist_report:
      return true;
    default:
      return false;
  }
}

caf::behavior department_actor(self_ptr self, std::string department_id, network_env_ptr env,
                               bool rebuild) {
  self->state.department = department_id;
  if (rebuild)
    rebuild_queue(self, env->store, "department", department_id,
                  [self](const domain::case_record& r) {
                    enqueue(self->state.queue, r);
                  });
  return {
      [self](rebuild_atom, const case_list& waiting) {
        for (const auto& r : waiting.items) enqueue(self->state.queue, r);
      },
      [self](assigned_atom, const domain::case_record& r) {
        enqueue(self->state.queue, r);
      },
      [self](released_atom, const std::string& case_id) { self->state.queue.remove(case_id); },
      [self](assist_atom, const std::string& case_id, bool assisting) {
        if (assisting)
          self->state.assisting.insert(case_id);
        else
          self->state.assisting.erase(case_id);
      },
      [self, env](dept_act_atom, const std::string& case_id,
                  domain::action_request& q) -> caf::result<domain::case_record> {
        auto& st = self->state;
        if (!is_department_action(q.action))
          return make_domain_error(refuse(
              domain::error_code::invalid_field, "action",
              "'" + std::string(domain::to_string(q.action)) + "' is not a department's action"));
        const bool own = q.action == domain::case_action::assist_report
                             ? st.assisting.count(case_id) > 0
                             : st.queue.contains(case_id);
        if (!own)
          return make_domain_error(refuse(domain::error_code::not_found, "case",
                                          "case '" + case_id + "' is not in the queue of '" +
                                              st.department + "'"));
        if (q.action == domain::case_action::assist_report) q.department = st.department;
        q.by = st.department + "/" + q.by;
        self->delegate(env->directory, act_atom::value, case_id, std::move(q));
        return caf::delegated<domain::case_record>{};
      },
      [self](queue_atom) {
        const auto& st = self->state;
        return make_queue_view(st.department, st.queue, st.assisting.size());
      },
  };
}

}  // namespace cityops
