#pragma once
// CAF inspect() overloads for the domain types that travel in messages. They live beside the
// actors (the domain itself knows nothing of CAF) but in the domain's namespace, so CAF finds
// them by argument-dependent lookup. Enums are inspected as their underlying integers.

#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/none.hpp>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/case_machine.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/domain/domain_error.hpp"

namespace cityops::domain {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, category_score& x) {
  return f(caf::meta::type_name("category_score"), x.code, x.score);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, classification_result& x) {
  return f(caf::meta::type_name("classification_result"), x.category, x.confidence, x.top,
           x.model);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, risk_mark& x) {
  return f(caf::meta::type_name("risk_mark"), x.words, x.word_class, x.class_name, x.severity);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, report_details& x) {
  return f(caf::meta::type_name("report_details"), x.source, x.text, x.category, x.lat, x.lon,
           x.has_location, x.address, x.reporter_hash, x.reporter_name, x.media, x.priority,
           x.reported_by, x.classification, x.intake_mode, x.duplicate_of,
           x.possible_duplicate_of, x.duplicate_score, x.risk, x.scenarios);
}

// std::optional has no inspector in CAF 0.17: the priority travels as -1 (none) or its value.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, case_event& x) {
  std::int8_t priority = x.priority ? static_cast<std::int8_t>(*x.priority) : std::int8_t{-1};
  auto restore = [&x, &priority]() -> caf::error {
    x.priority = priority < 0 ? std::nullopt
                              : std::optional<case_priority>(static_cast<case_priority>(priority));
    return caf::none;
  };
  return f(caf::meta::type_name("case_event"), x.seq, x.type, x.at_ms, x.by, x.status, x.node,
           x.department, x.reason, x.category, x.ring, x.from_node, x.to_node, x.result,
           x.passed, x.satisfaction, x.deadline_ms, x.into, x.location_path, x.assistants,
           x.until_ms, x.supervisor_node, x.previous_category, priority, x.report,
           caf::meta::load_callback(restore));
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, case_record& x) {
  return f(caf::meta::type_name("case_record"), x.id, x.report, x.category, x.status, x.node,
           x.department, x.tier_path, x.created_ms, x.updated_ms, x.deadline_ms, x.supervised,
           x.return_count, x.rework_count, x.satisfaction, x.merged_into, x.version,
           x.location_path, x.returned_by, x.assistants, x.assist_reports, x.supervisor_node,
           x.sla_start_ms, x.pending_extension_ms, x.reminded, x.overdue, x.dispatched_ms,
           x.history);
}

// std::optional has no inspector in CAF 0.17: carried as -1 (none), 0 or 1.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, action_request& x) {
  std::int8_t passed = x.passed ? static_cast<std::int8_t>(*x.passed) : std::int8_t{-1};
  auto restore = [&x, &passed]() -> caf::error {
    x.passed = passed < 0 ? std::nullopt : std::optional<bool>(passed == 1);
    return caf::none;
  };
  return f(caf::meta::type_name("action_request"), x.action, x.by, x.reason, x.department,
           x.category, x.result, passed, x.satisfaction, x.until_ms, x.into, x.departments,
           x.node,
           caf::meta::load_callback(restore));
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, new_case& x) {
  bool has_location = x.lat.has_value() && x.lon.has_value();
  double lat = x.lat.value_or(0);
  double lon = x.lon.value_or(0);
  auto restore = [&]() -> caf::error {
    x.lat = has_location ? std::optional<double>(lat) : std::nullopt;
    x.lon = has_location ? std::optional<double>(lon) : std::nullopt;
    return caf::none;
  };
  return f(caf::meta::type_name("new_case"), x.source, x.text, x.category, x.node, has_location,
           lat, lon, x.address, x.reporter_hash, x.reporter_name, x.media, x.priority,
           x.reported_by, caf::meta::load_callback(restore));
}

}  // namespace cityops::domain
