#include "actors/case_actor.hpp"

#include <caf/all.hpp>

#include "actors/domain/case_intake.hpp"
#include "actors/protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<case_actor_state>*;

domain::domain_error not_found(const std::string& id) {
  return domain::field_error(domain::error_code::not_found, "", "no case '" + id + "'");
}

domain::case_record without_history(const domain::case_record& r) {
  domain::case_record copy;
  copy = r;
  copy.history.clear();
  return copy;
}

// Makes `ev` durable, then folds it into the actor's state and delivers the new record.
// Awaiting keeps the next request in the mailbox until this one is settled.
caf::result<domain::case_record> commit(self_ptr self, const case_context& ctx,
                                        domain::case_event ev) {
  auto& st = self->state;
  domain::case_record next = st.record;
  next.history.clear();
  domain::apply(next, ev);
  case_commit c{st.record.id, {ev}, next, without_history(st.record)};
  auto rp = self->make_response_promise<domain::case_record>();
  self->request(ctx.store, caf::infinite, append_atom::value, std::move(c))
      .await(
          [self, rp, ev](caf::ok_atom) mutable {
            auto& s = self->state;
            domain::apply(s.record, ev);
            s.record.history.push_back(ev);
            s.exists = true;
            rp.deliver(s.record);
          },
          [rp](caf::error& err) mutable {
            auto e = to_domain_error(err);
            e.code = domain::error_code::storage_failure;
            e.message = "the change was not stored: " + e.message;
            rp.deliver(make_domain_error(e));
          });
  return rp;
}

}  // namespace

caf::behavior case_actor(self_ptr self, case_context_ptr ctx, std::string case_id, bool is_new,
                         caf::actor directory) {
  self->state.record.id = case_id;
  auto ask_passivation = [self, directory] {
    self->send(directory, passivate_atom::value, self->state.record.id, self->state.seen);
  };
  if (!is_new) {
    self->request(ctx->store, caf::infinite, load_atom::value, case_id)
        .await(
            [self](domain::case_record& r) {
              self->state.record = std::move(r);
              self->state.exists = true;
            },
            [self, ask_passivation](caf::error&) {
              // Missing (or unreadable): every queued request is answered not_found below,
              // and the directory is asked to forget this actor.
              self->state.exists = false;
              ask_passivation();
            });
  }
  return {
      [self, ctx](report_atom, domain::new_case& report) -> caf::result<domain::case_record> {
        ++self->state.seen;
        if (self->state.exists)
          return make_domain_error(domain::field_error(domain::error_code::conflict, "",
                                                       "case already reported"));
        auto ev = domain::decide_report(report, ctx->clock.now_ms(), ctx->city, ctx->calendar);
        if (!ev) return make_domain_error(ev.error());
        return commit(self, *ctx, std::move(*ev));
      },
      [self, ctx, ask_passivation](act_atom, const std::string&,
                                   domain::action_request& request)
          -> caf::result<domain::case_record> {
        ++self->state.seen;
        if (!self->state.exists) {
          ask_passivation();
          return make_domain_error(not_found(self->state.record.id));
        }
        auto ev = ctx->machine.decide(self->state.record, request, ctx->clock.now_ms());
        if (!ev) return make_domain_error(ev.error());
        return commit(self, *ctx, std::move(*ev));
      },
      [self, ask_passivation](fetch_atom,
                              const std::string&) -> caf::result<domain::case_record> {
        ++self->state.seen;
        if (!self->state.exists) {
          ask_passivation();
          return make_domain_error(not_found(self->state.record.id));
        }
        return self->state.record;
      },
      [self](stop_atom) { self->quit(); },
      caf::after(ctx->idle_timeout) >> ask_passivation,
  };
}

}  // namespace cityops
