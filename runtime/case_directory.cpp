#include "runtime/case_directory.hpp"

#include <cstdio>

#include <caf/all.hpp>

#include "actors/case_actor.hpp"
#include "actors/domain/iso_time.hpp"
#include "actors/protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<case_directory_state>*;

// The actor for `id`, spawned (and loading from storage) when not live; counts the request.
caf::actor& route_to(self_ptr self, const case_context_ptr& ctx, const std::string& id,
                     bool is_new) {
  auto& e = self->state.live[id];
  if (!e.actor) {
    e.actor = self->spawn<caf::linked>(case_actor, ctx, id, is_new,
                                       caf::actor_cast<caf::actor>(self));
    e.forwarded = 0;
  }
  ++e.forwarded;
  return e.actor;
}

}  // namespace

std::string make_case_id(const std::string& city, const std::string& day, std::uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06llu", static_cast<unsigned long long>(seq));
  return city + "-" + day + "-" + buf;
}

caf::behavior case_directory(self_ptr self, case_context_ptr ctx) {
  // Children are linked: they die with the directory. A child that ends (passivated, or
  // crashed) reaches this handler instead of taking the directory down.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    auto& live = self->state.live;
    for (auto it = live.begin(); it != live.end(); ++it)
      if (it->second.actor && it->second.actor.address() == msg.source) {
        live.erase(it);
        return;
      }
    self->quit(msg.reason);  // not a child: a shutdown request from the runtime
  });
  return {
      [self, ctx](report_atom, domain::new_case& report) -> caf::result<domain::case_record> {
        auto rp = self->make_response_promise<domain::case_record>();
        auto spawn_and_forward = [self, ctx, rp, report = std::move(report)]() mutable {
          auto& st = self->state;
          const auto id = make_case_id(ctx->city.city_id, st.id_day, st.next_seq++);
          rp.delegate(route_to(self, ctx, id, true), report_atom::value, std::move(report));
        };
        auto& st = self->state;
        const auto day = domain::local_day_stamp(ctx->clock.now_ms());
        if (day == st.id_day && st.next_seq < st.end_seq) {
          spawn_and_forward();
          return rp;
        }
        // Reserving ids blocks this mailbox for one synced write per block of ids.
        self->request(ctx->store, caf::infinite, reserve_atom::value, day, case_id_block)
            .await(
                [self, day, spawn_and_forward](std::uint64_t first) mutable {
                  auto& s = self->state;
                  s.id_day = day;
                  s.next_seq = first;
                  s.end_seq = first + case_id_block;
                  spawn_and_forward();
                },
                [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
        return rp;
      },
      [self, ctx](act_atom atom, const std::string& id, domain::action_request& request) {
        return self->delegate(route_to(self, ctx, id, false), atom, id, std::move(request));
      },
      [self, ctx](fetch_atom atom, const std::string& id) {
        return self->delegate(route_to(self, ctx, id, false), atom, id);
      },
      [self, ctx](sla_atom atom, const std::string& id) {
        self->delegate(route_to(self, ctx, id, false), atom, id);
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
        self->unlink_from(actor);
        self->send(actor, stop_atom::value);
      },
      [self](queue_atom) { return static_cast<std::uint64_t>(self->state.live.size()); },
  };
}

}  // namespace cityops
