#pragma once
// The vocabulary of city vital signs (城市体征, docs/vital-signs.md), beside
// actors/protocol.hpp.
//
//   vital signs  (indicator_atom, put_atom, sample_batch)   -> sample_receipt: how many were
//                                                               kept and which were refused
//                                                               (index, field, reason), once
//                                                               the kept ones are durable
//                                                               (none kept: nothing written) |
//                                                               storage_failure
//                (indicator_atom, list_atom)                -> std::vector<indicator_view>:
//                                                               every indicator, registry order
//                (indicator_atom, get_atom, id)             -> indicator_view | not_found
//                (indicator_atom, history_atom, history_query) -> domain::indicator_history
//                                                               | not_found (from the store)
//                (indicator_atom, queue_atom)               -> uint64: indicators with a sample
//                (vital_tick_atom, uint64)                  -> nothing (its own clock)
//   store actor  (indicator_atom, put_atom, sample_write)   -> ok_atom once synced (one
//                                                               WriteBatch) | storage_failure
//                (indicator_atom, load_atom)                -> std::vector<indicator_status>:
//                                                               every latest record
//                (indicator_atom, history_atom, history_query) -> domain::indicator_history
//                                                               (run by the reader)

#include <cstdint>
#include <string>
#include <vector>

#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

#include "actors/domain/indicator_history.hpp"
#include "actors/domain/indicator_sample.hpp"

namespace cityops {

using indicator_atom = caf::atom_constant<caf::atom("indicator")>;

// The vital-signs watch publishes every batch of samples once stored, as
// (indicator_atom, std::vector<domain::indicator_sample>) (active scenarios follow it).
constexpr const char* sample_stream_name = "cityops.samples";
using history_atom = caf::atom_constant<caf::atom("history")>;
// The vital-signs watch's periodic look for silent sensors.
using vital_tick_atom = caf::atom_constant<caf::atom("vitaltick")>;

// One posted sample with its place in the request and the unit it was given in ("" = not
// given).
struct sample_input {
  std::uint32_t index = 0;
  domain::indicator_sample sample;
  std::string unit;
};

struct sample_batch {
  std::vector<sample_input> items;
};

struct sample_receipt {
  std::uint32_t accepted = 0;
  std::vector<domain::sample_refusal> refused;  // by index
};

// What the store writes in one synced WriteBatch: the samples, and the latest records of the
// indicators they moved.
struct sample_write {
  std::vector<domain::indicator_sample> samples;
  std::vector<domain::indicator_status> latest;
};

// An indicator as the API shows it: its latest record and its state now.
struct indicator_view {
  domain::indicator_status status;  // status.indicator is the id, also before any sample
  domain::indicator_state state = domain::indicator_state::no_data;
};

// The samples of `indicator` within [from_ms, to_ms] in at most `points` points.
struct history_query {
  std::string indicator;
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  std::uint32_t points = domain::history_default_points;
};

}  // namespace cityops

namespace cityops::domain {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, indicator_sample& x) {
  return f(caf::meta::type_name("indicator_sample"), x.indicator, x.value, x.at_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, indicator_status& x) {
  return f(caf::meta::type_name("indicator_status"), x.indicator, x.value, x.at_ms, x.level,
           x.side, x.episode_ms, x.episode_level);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sample_refusal& x) {
  return f(caf::meta::type_name("sample_refusal"), x.index, x.field, x.reason);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, history_point& x) {
  return f(caf::meta::type_name("history_point"), x.at_ms, x.value, x.to_ms, x.min, x.max,
           x.mean, x.count);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, indicator_history& x) {
  return f(caf::meta::type_name("indicator_history"), x.downsampled, x.bucket_ms, x.samples,
           x.points);
}

}  // namespace cityops::domain

namespace cityops {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sample_input& x) {
  return f(caf::meta::type_name("sample_input"), x.index, x.sample, x.unit);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sample_batch& x) {
  return f(caf::meta::type_name("sample_batch"), x.items);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sample_receipt& x) {
  return f(caf::meta::type_name("sample_receipt"), x.accepted, x.refused);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sample_write& x) {
  return f(caf::meta::type_name("sample_write"), x.samples, x.latest);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, indicator_view& x) {
  return f(caf::meta::type_name("indicator_view"), x.status, x.state);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, history_query& x) {
  return f(caf::meta::type_name("history_query"), x.indicator, x.from_ms, x.to_ms, x.points);
}

}  // namespace cityops
