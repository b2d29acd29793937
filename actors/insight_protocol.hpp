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

}  // namespace cityops

namespace cityops::domain {
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, reporter_summary& x) {
  return f(caf::meta::type_name("reporter_summary"), x.open, x.last_90_days, x.categories,
           x.known);
}
}  // namespace cityops::domain
