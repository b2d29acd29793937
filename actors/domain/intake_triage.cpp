#include "actors/domain/intake_triage.hpp"

#include <optional>

#include "actors/domain/case_deadline.hpp"

namespace cityops::domain {

std::string_view to_string(config::intake_mode mode) {
  switch (mode) {
    case config::intake_mode::automatic:
      return "auto";
    case config::intake_mode::suggest:
      return "suggest";
    default:
      return "manual";
  }
}

void apply_classification(case_event& ev, classification_result c,
                          const config::intake_settings& settings,
                          const config::city_model& city, const sla_calendar& calendar) {
  const auto mode = settings.mode_for(std::string(to_string(ev.report.source)));
  ev.report.intake_mode = std::string(to_string(mode));
  const bool adopt = ev.category.empty() && mode != config::intake_mode::manual &&
                     !c.category.empty() && c.confidence >= settings.suggest_threshold;
  if (adopt) {
    if (const auto* cat = city.find_category(c.category)) {
      ev.category = cat->code;
      if (const auto* dept = city.route(cat->code, ev.node)) ev.department = dept->id;
      settle_deadline(ev, nullptr, city, calendar);
    }
  }
  ev.report.classification = std::move(c);
}

std::vector<case_event> automatic_moves(const case_record& r, const case_machine& machine,
                                        const config::intake_settings& settings,
                                        std::int64_t now_ms) {
  const auto& rep = r.report;
  if (rep.intake_mode != to_string(config::intake_mode::automatic)) return {};
  if (r.category.empty() || !rep.duplicate_of.empty() || r.status != case_status::reported)
    return {};
  const bool given = !rep.category.empty();
  if (!given && rep.classification.confidence < settings.auto_threshold) return {};
  std::vector<case_event> out;
  case_record scratch = r;
  scratch.history.clear();
  for (auto action : {case_action::verify, case_action::accept}) {
    action_request q;
    q.action = action;
    q.by = std::string(auto_actor);
    auto ev = machine.decide(scratch, q, now_ms);
    if (!ev) return {};
    apply(scratch, *ev);
    out.push_back(std::move(*ev));
  }
  return out;
}

result<std::vector<case_event>> decide_moves(const case_machine& machine,
                                             const config::city_model& city, const case_record& r,
                                             const action_request& q, std::int64_t now_ms,
                                             const scenario_rules* rules) {
  if (q.action != case_action::confirm) {
    auto ev = machine.decide(r, q, now_ms, rules);
    if (!ev) return ev.error();
    return std::vector<case_event>{std::move(*ev)};
  }
  std::vector<case_event> out;
  case_record scratch = r;
  scratch.history.clear();
  auto step = [&](action_request a) -> std::optional<domain_error> {
    auto ev = machine.decide(scratch, a, now_ms, rules);
    if (!ev) return ev.error();
    apply(scratch, *ev);
    out.push_back(std::move(*ev));
    return std::nullopt;
  };
  action_request a = q;
  if (!q.category.empty() && !r.category.empty() && q.category != r.category &&
      r.status == case_status::reported) {
    a.action = case_action::reclassify;
    if (auto e = step(a)) return *e;
    a.category.clear();
  }
  a.action = case_action::confirm;  // verifies (with a first category, if given)
  if (auto e = step(a)) return *e;
  a.action = case_action::accept;
  a.category.clear();
  if (auto e = step(a)) return *e;
  // Dispatched at once when this tier (or, at a war-room node, a department stationed there)
  // handles the category; otherwise the centre of the node escalates it by itself (the
  // rings) and the tier that handles it dispatches it.
  const auto* dept = station_department(scratch, rules, city);
  if (!dept) dept = city.route_at_tier(scratch.category, scratch.node);
  if (dept) {
    a.action = case_action::dispatch;
    a.department = dept->id;
    if (auto e = step(a)) return *e;
  }
  return out;
}

bool needs_classification(const case_record& r) {
  return r.status == case_status::reported && r.category.empty() && r.merged_into.empty();
}

bool dispatch_without_operator(const case_record& r) {
  return r.report.intake_mode == to_string(config::intake_mode::automatic);
}

}  // namespace cityops::domain
