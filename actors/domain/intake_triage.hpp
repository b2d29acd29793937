#pragma once
// What intake does with the classifier's opinion of a new report, per the source's mode
// (config/intake_settings.hpp):
//   - a report that came with a category keeps it; the classification is recorded beside it;
//   - otherwise a category scoring at least `suggest_threshold` becomes the case's category
//     (with its routed department and SLA deadline) unless the source is `manual`; below the
//     threshold the case waits unclassified in the needs-classification queue;
//   - an `automatic` source's case that is confident (`auto_threshold`, or a category given
//     by the reporter) and not a linked duplicate is verified and accepted by the system at
//     once (events `by: "auto"`); the centre of its node then dispatches it without waiting
//     for an operator (dispatch_planner.hpp);
//   - a suggested case waits for the seat's `confirm` (decide_moves).
// Pure: the caller classifies and looks for duplicates first.

#include <cstdint>
#include <string_view>
#include <vector>

#include "actors/domain/case_machine.hpp"
#include "actors/domain/case_record.hpp"
#include "config/intake_settings.hpp"

namespace cityops::domain {

// Who the system's own intake moves name as their actor.
inline constexpr std::string_view auto_actor = "auto";

std::string_view to_string(config::intake_mode mode);

// Records `c` on the `reported` event and, per the rules above, sets its category,
// department and deadline and its intake mode.
void apply_classification(case_event& reported, classification_result c,
                          const config::intake_settings& settings,
                          const config::city_model& city, const sla_calendar& calendar);

// The moves the system makes by itself on a case just reported (`record` is the case after
// its `reported` event): verify then accept, or nothing.
std::vector<case_event> automatic_moves(const case_record& record, const case_machine& machine,
                                        const config::intake_settings& settings,
                                        std::int64_t now_ms);

// The events one client action makes. Most actions make one (case_machine::decide);
// `confirm` — the seat operator's one action on a suggested case — makes `verified`,
// `accepted` and, when a department of the case's own tier handles the category,
// `dispatched` to it (otherwise the centre escalates it up the rings by itself), preceded by
// `reclassified` (from, to, by) when the operator overrides the category with another.
// `rules`: the active scenarios' overlay (case_machine::decide; at a war-room node the
// stationed departments dispatch).
result<std::vector<case_event>> decide_moves(const case_machine& machine,
                                             const config::city_model& city,
                                             const case_record& record,
                                             const action_request& request, std::int64_t now_ms,
                                             const scenario_rules* rules = nullptr);

// A case waiting for an operator to give it a category.
bool needs_classification(const case_record& record);

// Whether the centre dispatches the accepted case without an operator: it came from an
// automatic source (intake mode `auto`).
bool dispatch_without_operator(const case_record& record);

}  // namespace cityops::domain
