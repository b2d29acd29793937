#pragma once
// Shared by the KPI storage tests: case writes (tests/support/kpi_history.hpp) appended the
// way the store actor commits them, and a month of generated cases of the test city cut into
// such writes.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "storage/event_store.hpp"
#include "tests/support/kpi_history.hpp"
#include "tools/bench/seed_generator.hpp"

namespace cityops::storage_test {

inline storage::case_write to_case_write(const testing::kpi_write& w) {
  storage::case_write out;
  out.case_id = w.after.id;
  out.events = w.events;
  out.snapshot = w.after;
  out.previous = w.before;
  return out;
}

// Appends `writes` in WriteBatches of at most `batch` writes, a case at most once per batch
// (the store actor's group commit holds one write per case actor).
inline void append_writes(storage::event_store& store,
                          const std::vector<testing::kpi_write>& writes, std::size_t batch) {
  std::vector<storage::case_write> pending;
  std::set<std::string> ids;
  const auto flush = [&] {
    const auto s = store.append(pending);
    INFO(s.to_string());
    REQUIRE(s.is_ok());
    pending.clear();
    ids.clear();
  };
  for (const auto& w : writes) {
    if (pending.size() >= batch || ids.count(w.after.id)) flush();
    ids.insert(w.after.id);
    pending.push_back(to_case_write(w));
  }
  if (!pending.empty()) flush();
}

// Cuts a case's history into the writes its actor would commit: the report alone or with the
// system's first moves (up to 4 events), then mostly one event a write, sometimes two or three
// (an SLA reminder and overdue mark together, a confirm, a centre's move after a return).
inline void cut_into_writes(const domain::case_record& whole, std::mt19937_64& rng,
                            std::vector<testing::kpi_write>& out) {
  std::uniform_int_distribution<int> first(1, 4);
  std::uniform_int_distribution<int> percent(0, 99);
  domain::case_record state;
  state.id = whole.id;
  std::optional<domain::case_record> before;
  std::size_t i = 0;
  bool opening = true;
  while (i < whole.history.size()) {
    const int p = percent(rng);
    std::size_t n = opening ? static_cast<std::size_t>(first(rng)) : p < 80 ? 1 : p < 95 ? 2 : 3;
    n = std::min(n, whole.history.size() - i);
    testing::kpi_write w;
    w.before = before;
    for (std::size_t k = 0; k < n; ++k, ++i) {
      domain::apply(state, whole.history[i]);
      w.events.push_back(whole.history[i]);
    }
    w.after = state;
    before = state;
    out.push_back(std::move(w));
    opening = false;
  }
}

// A month (November 2026) of `cases` generated cases of the two-district test city with every
// move (bench::seed_generator with transfers and reopens on), cut into writes and ordered by
// the time of their first event, as the service commits them.
inline std::vector<testing::kpi_write> month_of_writes(const config::city_model& city,
                                                       std::uint64_t cases) {
  bench::seed_options o;
  o.random_seed = 20261130;
  o.now_ms = testing::kpi_at(2, 0);  // 2026-12-01 00:00 local: November has passed
  o.days = 30;
  o.stall_share = 0.05;
  o.reject_share = 0.05;
  o.merge_share = 0.05;
  o.return_share = 0.08;
  o.rework_share = 0.06;
  o.extension_share = 0.05;
  o.late_share = 0.12;
  o.supervise_share = 0.4;
  o.transfer_share = 0.05;
  o.reopen_share = 0.04;
  o.reporters = 2000;
  const bench::seed_generator gen(city, "kpi-salt", o);
  std::mt19937_64 rng(o.random_seed);
  std::vector<testing::kpi_write> writes;
  const auto per_day = gen.cases_per_day(cases, rng);
  std::string previous;
  std::uint64_t seq = 0;
  for (std::uint32_t d = 0; d < per_day.size(); ++d) {
    const auto start = gen.day_start_ms(d);
    for (const auto at : gen.report_times(start, per_day[d], rng)) {
      char id[40];
      std::snprintf(id, sizeof id, "9900-%s-%06llu", domain::local_day_stamp(at).c_str(),
                    static_cast<unsigned long long>(++seq));
      bench::seed_case_input in;
      in.id = id;
      in.report_ms = at;
      in.merge_target = previous;
      cut_into_writes(gen.make_case(in, rng), rng, writes);
      previous = id;
    }
  }
  std::stable_sort(writes.begin(), writes.end(),
                   [](const testing::kpi_write& a, const testing::kpi_write& b) {
                     return a.events.front().at_ms < b.events.front().at_ms;
                   });
  return writes;
}

}  // namespace cityops::storage_test
