#pragma once
// The KPI vocabulary (docs/kpi.md), beside oversight_protocol.hpp. Light to include (the
// gateway bridge and the feed hub do).
//
//   KPI board  (kpi_atom, kpi_query) -> std::vector<kpi_table>: one table per scope asked
//                                       for, in order; invalid_field (`scope`) for an empty or
//                                       malformed scope; storage_failure when the store
//                                       cannot be read
// Published on the KPI stream (kpi_stream_name) by the board, at most once a second while
// cases move: (kpi_atom, kpi_feed) — today's counters of the city and of each district.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>

#include "actors/domain/kpi_counters.hpp"

namespace cityops {

using kpi_atom = caf::atom_constant<caf::atom("kpi")>;
// The board's throttled publish.
using kpi_tick_atom = caf::atom_constant<caf::atom("kpitick")>;

constexpr const char* kpi_stream_name = "cityops.kpi";

// Counters of `scopes` ("node:<id>", "department:<id>") over the local days
// [from_day, to_day] (days since 1970-01-01, UTC+8). `per_day`: one row per day with
// counters; otherwise one row (at from_day) with the sum of the range.
struct kpi_query {
  std::vector<std::string> scopes;
  std::int64_t from_day = 0;
  std::int64_t to_day = 0;
  bool per_day = true;
};

struct kpi_table {
  std::string scope;
  std::vector<std::pair<std::int64_t, domain::kpi_counters>> days;  // ascending
  domain::kpi_counters now;                                         // the gauges
};

struct kpi_feed {
  std::int64_t day = 0;           // today (local)
  std::vector<kpi_table> tables;  // the city first, then the districts: one row each
};

}  // namespace cityops

namespace cityops::domain {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, kpi_counters& x) {
  auto entries = x.entries();
  auto load = caf::meta::load_callback([&]() -> caf::error {
    x = kpi_counters();
    for (const auto& [id, n] : entries) x.add(id, n);
    return caf::none;
  });
  return f(caf::meta::type_name("kpi_counters"), entries, load);
}

}  // namespace cityops::domain

namespace cityops {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, kpi_query& x) {
  return f(caf::meta::type_name("kpi_query"), x.scopes, x.from_day, x.to_day, x.per_day);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, kpi_table& x) {
  return f(caf::meta::type_name("kpi_table"), x.scope, x.days, x.now);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, kpi_feed& x) {
  return f(caf::meta::type_name("kpi_feed"), x.day, x.tables);
}

}  // namespace cityops
