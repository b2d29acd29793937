#include "actors/intake_decision.hpp"

#include "actors/domain/intake_triage.hpp"

namespace cityops {

domain::result<domain::case_event> decide_reported(const case_context& ctx,
                                                   const domain::new_case& report,
                                                   std::int64_t now_ms) {
  auto ev = domain::decide_report(report, now_ms, ctx.city, ctx.calendar);
  if (!ev) return ev;
  if (ctx.intake.classifier && ctx.intake.settings)
    domain::apply_classification(*ev, ctx.intake.classifier->classify(report.text),
                                 *ctx.intake.settings, ctx.city, ctx.calendar);
  if (ctx.intake.sensitive_words) {
    // A word of the risk lexicon: the mark the risk watch alerts from, and the case is urgent.
    auto& rep = ev->report;
    rep.risk = ctx.intake.sensitive_words->mark(report.text);
    if (!rep.risk.empty()) rep.priority = domain::case_priority::urgent;
  }
  // Last, on the classified case: the active scenarios' routing, SLA and priority.
  domain::apply_to_report(*ev, *ctx.rules->current(), ctx.city, ctx.calendar);
  return ev;
}

case_commit first_commit(const case_context& ctx, const std::string& case_id,
                         domain::case_event reported, const intake_assessment& assessment,
                         idempotency_key key) {
  auto& rep = reported.report;
  rep.duplicate_of = assessment.duplicate_of;
  rep.possible_duplicate_of = assessment.possible_duplicate_of;
  rep.duplicate_score = assessment.duplicate_score;
  case_commit c;
  c.case_id = case_id;
  c.previous.id = case_id;
  c.snapshot.id = case_id;
  domain::apply(c.snapshot, reported);
  const auto at_ms = reported.at_ms;
  c.events.push_back(std::move(reported));
  if (ctx.intake.settings) {
    for (auto& ev : domain::automatic_moves(c.snapshot, ctx.machine, *ctx.intake.settings, at_ms)) {
      domain::apply(c.snapshot, ev);
      c.events.push_back(std::move(ev));
    }
  }
  c.idempotency = std::move(key);
  return c;
}

domain::case_record record_of(const case_commit& commit) {
  domain::case_record r = commit.snapshot;
  r.history = commit.events;
  return r;
}

}  // namespace cityops
