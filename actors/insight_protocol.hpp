#pragma once
// Messages of the case insight actor (case_insight.hpp): what intake and the seat ask of the
// in-memory indexes kept from the committed-event stream.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

#include "actors/domain/dispatch_ranking.hpp"
#include "actors/domain/reporter_history.hpp"
#include "actors/domain_inspect.hpp"

namespace cityops {

using assess_atom = caf::atom_constant<caf::atom("assess")>;
using reporter_atom = caf::atom_constant<caf::atom("reporter")>;
using similar_atom = caf::atom_constant<caf::atom("similar")>;
using suggest_atom = caf::atom_constant<caf::atom("suggest")>;
using directory_atom = caf::atom_constant<caf::atom("directory")>;
using preview_atom = caf::atom_constant<caf::atom("preview")>;

// What intake learns about a new report before its first event is committed.
struct intake_assessment {
  std::string duplicate_of;           // score >= link_score: linked, closes with it
  std::string possible_duplicate_of;  // score >= flag_score: flagged for an operator
  double duplicate_score = 0;
  domain::reporter_summary reporter;  // the caller's earlier cases (一人多诉)
};

// One department a case could go to, with why (GET …/dispatch-suggestions).
struct dispatch_option {
  std::string department;
  std::string name;
  std::string node;
  std::string tier;
  double score = 0;
  bool routed = false;
  std::uint32_t open = 0;
  std::uint32_t overdue = 0;
  std::uint32_t dispatched_90d = 0;
  std::uint32_t returned_90d = 0;
  std::uint32_t finished_90d = 0;
  std::uint32_t on_time_90d = 0;
  std::vector<std::string> reasons;
};

// A closed case like the one asked about, with how it was resolved.
struct similar_case {
  std::string id;
  double score = 0;
  std::string category;
  std::string text;
  std::string department;  // who handled it
  std::string result;      // the handling result (办理结果)
  std::int64_t closed_ms = 0;
  std::int32_t satisfaction = 0;
};

// An open case a report may repeat, with what the seat needs to recognise it (the case's
// fields from the store; empty when it could not be read).
struct duplicate_match {
  std::string id;
  double score = 0;
  std::string verdict;  // "duplicate" (would be linked), "possible" (flagged) or ""
  double distance_m = 0;
  double text_similarity = 0;
  bool same_category = false;
  std::string status;
  std::string category;
  std::string node;
  std::string text;
  std::int64_t reported_ms = 0;
};

// One earlier case of the caller (the store's status, node and text with the book's entry).
struct caller_case {
  std::string id;
  std::int64_t reported_ms = 0;
  std::string category;
  bool open = false;
  std::string status;
  std::string node;
  std::string text;
};

// What the seat sees of a report before it is saved (POST /api/v1/intake/preview): the
// intake decision — the `reported` event intake would commit, with its node, classification,
// category, proposed department, deadline and risk mark — then what the insight actor knows
// around it. Nothing of it is stored.
struct intake_preview {
  domain::case_event reported;
  std::vector<duplicate_match> duplicates;      // best first
  domain::reporter_summary reporter;            // as intake would record it
  std::vector<caller_case> caller_cases;        // the last 90 days, newest first
  std::uint32_t caller_in_repeat_window = 0;    // earlier cases within the 一人多诉 window
  std::vector<dispatch_option> dispatch;        // departments that could take it, best first
  bool insight = false;                         // the insight actor answered (loaded)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, intake_assessment& x) {
  return f(caf::meta::type_name("intake_assessment"), x.duplicate_of, x.possible_duplicate_of,
           x.duplicate_score, x.reporter);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dispatch_option& x) {
  return f(caf::meta::type_name("dispatch_option"), x.department, x.name, x.node, x.tier,
           x.score, x.routed, x.open, x.overdue, x.dispatched_90d, x.returned_90d,
           x.finished_90d, x.on_time_90d, x.reasons);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, similar_case& x) {
  return f(caf::meta::type_name("similar_case"), x.id, x.score, x.category, x.text,
           x.department, x.result, x.closed_ms, x.satisfaction);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, duplicate_match& x) {
  return f(caf::meta::type_name("duplicate_match"), x.id, x.score, x.verdict, x.distance_m,
           x.text_similarity, x.same_category, x.status, x.category, x.node, x.text,
           x.reported_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, caller_case& x) {
  return f(caf::meta::type_name("caller_case"), x.id, x.reported_ms, x.category, x.open,
           x.status, x.node, x.text);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, intake_preview& x) {
  return f(caf::meta::type_name("intake_preview"), x.reported, x.duplicates, x.reporter,
           x.caller_cases, x.caller_in_repeat_window, x.dispatch, x.insight);
}

}  // namespace cityops

namespace cityops::domain {
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, reporter_summary& x) {
  return f(caf::meta::type_name("reporter_summary"), x.open, x.last_90_days, x.categories,
           x.known);
}
}  // namespace cityops::domain
