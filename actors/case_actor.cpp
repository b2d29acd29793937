#include "actors/case_actor.hpp"

#include <chrono>
#include <functional>
#include <utility>
#include <vector>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/domain/intake_triage.hpp"
#include "actors/insight_protocol.hpp"
#include "actors/protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<case_actor_state>*;

// Who the SLA clock's events name as their actor.
constexpr const char* sla_actor_name = "sla";

domain::domain_error not_found(const std::string& id) {
  return domain::field_error(domain::error_code::not_found, "", "no case '" + id + "'");
}

domain::case_record without_history(const domain::case_record& r) {
  domain::case_record copy;
  copy = r;
  copy.history.clear();
  return copy;
}

// Bookkeeping for every request the directory forwarded.
void count_request(self_ptr self) {
  ++self->state.seen;
  // The directory forwarded this before it saw our passivation request, so it will refuse
  // that request: we stay, and our SLA clock runs again.
  self->state.passivating = false;
}

// Called with nullptr once the events are durable and folded in, else with the error.
using commit_done = std::function<void(const caf::error*)>;

void sla_check(self_ptr self, const case_context_ptr& ctx);

// Makes `events` (consecutive seqs after the record's version) durable with one append, then
// folds them into the actor's state, calls `done` and runs the SLA check (the events may
// have moved the next SLA point). Awaiting keeps the next message in the mailbox until this
// one is settled, so commits never overlap.
void commit_events(self_ptr self, const case_context_ptr& ctx,
                   std::vector<domain::case_event> events, commit_done done) {
  auto& st = self->state;
  domain::case_record next = without_history(st.record);
  for (const auto& ev : events) domain::apply(next, ev);
  case_commit c{st.record.id, events, std::move(next), without_history(st.record), {}};
  st.committing = true;
  self->request(ctx->store, caf::infinite, append_atom::value, std::move(c))
      .await(
          [self, ctx, events, done](caf::ok_atom) {
            auto& s = self->state;
            s.committing = false;
            for (const auto& ev : events) {
              domain::apply(s.record, ev);
              s.record.history.push_back(ev);
            }
            s.exists = true;
            done(nullptr);
            sla_check(self, ctx);
          },
          [self, done](caf::error& err) {
            self->state.committing = false;
            done(&err);
          });
}

// Commits `events` and answers `rp` with the new record, or with the storage error.
void commit_and_reply(self_ptr self, const case_context_ptr& ctx,
                      std::vector<domain::case_event> events,
                      caf::typed_response_promise<domain::case_record> rp) {
  commit_events(self, ctx, std::move(events), [self, rp](const caf::error* err) mutable {
    if (!err) {
      rp.deliver(self->state.record);
      return;
    }
    auto e = to_domain_error(*err);
    e.code = domain::error_code::storage_failure;
    e.message = "the change was not stored: " + e.message;
    rp.deliver(make_domain_error(e));
  });
}

// A client's move: commits `events` and answers the client with the new record.
caf::result<domain::case_record> commit(self_ptr self, const case_context_ptr& ctx,
                                        std::vector<domain::case_event> events) {
  auto rp = self->make_response_promise<domain::case_record>();
  commit_and_reply(self, ctx, std::move(events), rp);
  return rp;
}

// A client's merge: the surviving case must exist and be open (the insight actor's own merge
// of a duplicate into its closed original, `by: auto`, skips this). The target is read from
// the store, which holds every committed state; the actor awaits it like an append.
caf::result<domain::case_record> merge_into_open(self_ptr self, const case_context_ptr& ctx,
                                                 const domain::action_request& request) {
  auto rp = self->make_response_promise<domain::case_record>();
  self->request(ctx->store, caf::infinite, load_atom::value, request.into)
      .await(
          [self, ctx, rp, request](const domain::case_record& target) mutable {
            if (!domain::is_open(target.status)) {
              rp.deliver(make_domain_error(domain::field_error(
                  domain::error_code::conflict, "into",
                  "case " + request.into + " is " + std::string(domain::to_string(target.status)) +
                      ": a case can only merge into an open one")));
              return;
            }
            auto ev = ctx->machine.decide(self->state.record, request, ctx->clock.now_ms(),
                                          ctx->rules->current().get());
            if (!ev) {
              rp.deliver(make_domain_error(ev.error()));
              return;
            }
            commit_and_reply(self, ctx, {std::move(*ev)}, rp);
          },
          [rp, request](caf::error&) mutable {
            rp.deliver(make_domain_error(domain::field_error(
                domain::error_code::invalid_field, "into", "no case '" + request.into + "'")));
          });
  return rp;
}

// A client's action, refused with `forbidden` when the case lies outside `scope`.
caf::result<domain::case_record> act_on_case(self_ptr self, const case_context_ptr& ctx,
                                             const domain::action_request& request,
                                             const access_scope& scope,
                                             const std::function<void()>& ask_passivation) {
  count_request(self);
  if (!self->state.exists) {
    ask_passivation();
    return make_domain_error(not_found(self->state.record.id));
  }
  if (!within_scope(ctx->city, self->state.record, scope))
    return make_domain_error(domain::field_error(
        domain::error_code::forbidden, "id",
        "case " + self->state.record.id + " is outside node " + scope.node + "'s subtree"));
  if (ctx->before_action) ctx->before_action(self->state.record.id, request);
  if (request.action == domain::case_action::merge &&
      request.by != domain::auto_actor && !request.into.empty() &&
      request.into != self->state.record.id)
    return merge_into_open(self, ctx, request);
  const auto rules = ctx->rules->current();
  auto events = domain::decide_moves(ctx->machine, ctx->city, self->state.record, request,
                                     ctx->clock.now_ms(), rules.get());
  if (!events) {
    sla_check(self, ctx);
    return make_domain_error(events.error());
  }
  return commit(self, ctx, std::move(*events));
}

// Arms the one SLA timer for `due` unless it is already armed for it, or `due` lies beyond
// the idle horizon (the actor passivates first; the SLA watcher wakes it when due).
void arm_sla_timer(self_ptr self, const case_context_ptr& ctx, std::int64_t due,
                   std::int64_t now) {
  auto& st = self->state;
  if (st.timer_due == due) return;
  const std::chrono::milliseconds delay{due > now ? due - now : 0};
  if (delay > ctx->idle_timeout) return;
  st.timer_due = due;
  ++st.timer_generation;
  self->delayed_send(self, delay, sla_atom::value, st.timer_generation);
}

// The SLA check: commits the reminder and/or the overdue mark when due (both in one commit,
// reminder first, when the case slept through its deadline), otherwise arms the timer.
// Idempotent: decide() refuses a mark that is not due or already made, which here means
// "nothing to do". Never writes while another write is awaited or while a passivation
// request is outstanding (the directory may be handing the case to a fresh actor).
void sla_check(self_ptr self, const case_context_ptr& ctx) {
  auto& st = self->state;
  if (!st.exists || st.committing || st.passivating) return;
  const auto due = domain::next_sla_due(st.record);
  if (due == 0) return;
  const auto now = ctx->clock.now_ms();
  if (due > now) {
    arm_sla_timer(self, ctx, due, now);
    return;
  }
  domain::case_record scratch = without_history(st.record);
  std::vector<domain::case_event> events;
  for (auto action : {domain::case_action::remind, domain::case_action::mark_overdue}) {
    domain::action_request q;
    q.action = action;
    q.by = sla_actor_name;
    auto ev = ctx->machine.decide(scratch, q, now);
    if (!ev) continue;  // not due (yet) or already marked: nothing to do
    domain::apply(scratch, *ev);
    events.push_back(std::move(*ev));
  }
  if (events.empty()) return;
  commit_events(self, ctx, std::move(events), [self](const caf::error* err) {
    // Not retried here (that could spin): the next wake-up or request tries again.
    if (err)
      spdlog::warn("case {}: SLA mark not stored: {}", self->state.record.id,
                   to_domain_error(*err).message);
  });
}

}  // namespace

caf::behavior case_actor(self_ptr self, case_context_ptr ctx, std::string case_id,
                         std::optional<domain::case_record> seed, caf::actor directory) {
  self->state.record.id = case_id;
  // A throw while handling a message ends this actor with the exception's text as its exit
  // reason; the directory counts it and quarantines the case after repeated failures.
  self->set_exception_handler([self](std::exception_ptr& eptr) -> caf::error {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(eptr);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("case {}: actor failed: {}", self->state.record.id, what);
    return caf::make_error(caf::sec::runtime_error, std::move(what));
  });
  auto ask_passivation = [self, directory] {
    self->state.passivating = true;
    self->send(directory, passivate_atom::value, self->state.record.id, self->state.seen);
  };
  if (seed) {
    self->state.record = std::move(*seed);
    self->state.exists = true;
    sla_check(self, ctx);
  } else {
    self->request(ctx->store, caf::infinite, load_atom::value, case_id)
        .await(
            [self, ctx](domain::case_record& r) {
              self->state.record = std::move(r);
              self->state.exists = true;
              // Due points that passed while the case slept (or the service was down) are
              // marked now, before any queued request sees the case.
              sla_check(self, ctx);
            },
            [self, ask_passivation](caf::error&) {
              // Missing (or unreadable): every queued request is answered not_found below,
              // and the directory is asked to forget this actor.
              self->state.exists = false;
              ask_passivation();
            });
  }
  return {
      [self, ctx, ask_passivation](act_atom, const std::string&,
                                   domain::action_request& request)
          -> caf::result<domain::case_record> {
        return act_on_case(self, ctx, request, access_scope{}, ask_passivation);
      },
      [self, ctx, ask_passivation](act_atom, const std::string&,
                                   domain::action_request& request,
                                   access_scope& scope) -> caf::result<domain::case_record> {
        return act_on_case(self, ctx, request, scope, ask_passivation);
      },
      [self, ctx, ask_passivation](fetch_atom,
                                   const std::string&) -> caf::result<domain::case_record> {
        count_request(self);
        if (!self->state.exists) {
          ask_passivation();
          return make_domain_error(not_found(self->state.record.id));
        }
        domain::case_record current = self->state.record;
        sla_check(self, ctx);
        const auto& hash = current.report.reporter_hash;
        if (!ctx->intake.insight || hash.empty()) return current;
        // The caller's other cases (一人多诉) as the insight actor knows them now.
        auto rp = self->make_response_promise<domain::case_record>();
        self->request(ctx->intake.insight, caf::infinite, reporter_atom::value, hash, current.id)
            .then(
                [rp, current](domain::reporter_summary& h) mutable {
                  current.reporter_history = std::move(h);
                  rp.deliver(std::move(current));
                },
                [rp, current](caf::error&) mutable { rp.deliver(std::move(current)); });
        return rp;
      },
      [self, ctx, ask_passivation](sla_atom, const std::string&) {
        count_request(self);
        if (!self->state.exists) {
          ask_passivation();
          return;
        }
        sla_check(self, ctx);
      },
      [self, ctx](sla_atom, std::uint64_t generation) {
        auto& st = self->state;
        if (generation != st.timer_generation) return;  // superseded
        st.timer_due = 0;
        // Fired early (the timer clock ran ahead of the wall clock) → re-armed; while a
        // passivation request is outstanding → dropped (the watcher or the next request
        // takes over).
        sla_check(self, ctx);
      },
      // The directory's sweep found this actor idle: ask to passivate, unless a write is
      // awaited or a request is already outstanding (asked again after another idle period).
      [self, ask_passivation](passivate_atom) {
        if (!self->state.committing && !self->state.passivating) ask_passivation();
      },
      [self](stop_atom) { self->quit(); },
  };
}

}  // namespace cityops
