#include "actors/case_actor.hpp"

#include <chrono>
#include <functional>
#include <utility>
#include <vector>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/domain/case_intake.hpp"
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
// one is settled, so commits never overlap. `idem` (a new case's Idempotency-Key, if any)
// goes into the same write as the events.
void commit_events(self_ptr self, const case_context_ptr& ctx,
                   std::vector<domain::case_event> events, commit_done done,
                   idempotency_key idem = {}) {
  auto& st = self->state;
  domain::case_record next = without_history(st.record);
  for (const auto& ev : events) domain::apply(next, ev);
  case_commit c{st.record.id, events, std::move(next), without_history(st.record),
                std::move(idem)};
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

// Commits `events` and answers `rp` with the new record, carrying `history` (the caller's
// other cases) when known, or with the storage error.
void commit_and_reply(self_ptr self, const case_context_ptr& ctx,
                      std::vector<domain::case_event> events,
                      caf::typed_response_promise<domain::case_record> rp,
                      idempotency_key idem = {},
                      domain::reporter_summary history = {}) {
  commit_events(self, ctx, std::move(events),
                [self, rp, history = std::move(history)](const caf::error* err) mutable {
    if (!err) {
      domain::case_record reply = self->state.record;
      reply.reporter_history = std::move(history);
      rp.deliver(std::move(reply));
      return;
    }
    auto e = to_domain_error(*err);
    e.code = domain::error_code::storage_failure;
    e.message = "the change was not stored: " + e.message;
    rp.deliver(make_domain_error(e));
  }, std::move(idem));
}

// A client's move: commits `events` and answers the client with the new record.
caf::result<domain::case_record> commit(self_ptr self, const case_context_ptr& ctx,
                                        std::vector<domain::case_event> events,
                                        idempotency_key idem = {}) {
  auto rp = self->make_response_promise<domain::case_record>();
  commit_and_reply(self, ctx, std::move(events), rp, std::move(idem));
  return rp;
}

// The `reported` event with what intake adds, and the system's own first moves after it.
std::vector<domain::case_event> triaged(const case_context_ptr& ctx, domain::case_event reported,
                                        const intake_assessment& assessment,
                                        const std::string& case_id) {
  auto& rep = reported.report;
  rep.duplicate_of = assessment.duplicate_of;
  rep.possible_duplicate_of = assessment.possible_duplicate_of;
  rep.duplicate_score = assessment.duplicate_score;
  std::vector<domain::case_event> events{reported};
  if (ctx->intake.settings) {
    domain::case_record after;
    after.id = case_id;
    domain::apply(after, reported);
    for (auto& ev : domain::automatic_moves(after, ctx->machine, *ctx->intake.settings,
                                            reported.at_ms))
      events.push_back(std::move(ev));
  }
  return events;
}

// The first message of a new case: decides the `reported` event (classified, checked for
// duplicates and the caller's history by the insight actor) and commits it with the system's
// automatic moves and the report's Idempotency-Key, when it has one.
caf::result<domain::case_record> report_case(self_ptr self, const case_context_ptr& ctx,
                                             const domain::new_case& report,
                                             idempotency_key idem) {
  count_request(self);
  if (self->state.exists)
    return make_domain_error(
        domain::field_error(domain::error_code::conflict, "", "case already reported"));
  auto ev = domain::decide_report(report, ctx->clock.now_ms(), ctx->city, ctx->calendar);
  if (!ev) return make_domain_error(ev.error());
  if (ctx->intake.classifier && ctx->intake.settings)
    domain::apply_classification(*ev, ctx->intake.classifier->classify(report.text),
                                 *ctx->intake.settings, ctx->city, ctx->calendar);
  const auto& id = self->state.record.id;
  if (!ctx->intake.insight)
    return commit(self, ctx, triaged(ctx, std::move(*ev), {}, id), std::move(idem));
  auto rp = self->make_response_promise<domain::case_record>();
  // Awaited: the case takes no other message before its first event is settled.
  self->request(ctx->intake.insight, caf::infinite, assess_atom::value, *ev)
      .await(
          [self, ctx, rp, reported = *ev, idem](intake_assessment& a) mutable {
            commit_and_reply(self, ctx, triaged(ctx, std::move(reported), a, self->state.record.id),
                             rp, std::move(idem), std::move(a.reporter));
          },
          [self, ctx, rp, reported = *ev, idem](caf::error&) mutable {
            // Without the insight actor's answer the case is still taken, unchecked.
            commit_and_reply(self, ctx, triaged(ctx, std::move(reported), {}, self->state.record.id),
                             rp, std::move(idem));
          });
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
            auto ev = ctx->machine.decide(self->state.record, request, ctx->clock.now_ms());
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
  auto events = domain::decide_moves(ctx->machine, ctx->city, self->state.record, request,
                                     ctx->clock.now_ms());
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

caf::behavior case_actor(self_ptr self, case_context_ptr ctx, std::string case_id, bool is_new,
                         caf::actor directory) {
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
  if (!is_new) {
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
      [self, ctx](report_atom, domain::new_case& report) -> caf::result<domain::case_record> {
        return report_case(self, ctx, report, {});
      },
      [self, ctx](report_atom, domain::new_case& report,
                  idempotency_key& idem) -> caf::result<domain::case_record> {
        return report_case(self, ctx, report, std::move(idem));
      },
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
      [self](stop_atom) { self->quit(); },
      caf::after(ctx->idle_timeout) >> ask_passivation,
  };
}

}  // namespace cityops
