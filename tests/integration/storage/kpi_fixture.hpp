#pragma once
// Shared by the KPI storage tests: case writes (tests/support/kpi_history.hpp, or a month of
// generated cases of the test city cut into writes by tools/bench/seed_writes.hpp) appended
// the way the store actor commits them.

#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "storage/event_store.hpp"
#include "tests/support/kpi_history.hpp"
#include "tools/bench/seed_writes.hpp"

namespace cityops::storage_test {

inline std::vector<storage::case_write> to_case_writes(
    const std::vector<testing::kpi_write>& writes) {
  std::vector<storage::case_write> out;
  for (const auto& w : writes) {
    storage::case_write c;
    c.case_id = w.after.id;
    c.events = w.events;
    c.snapshot = w.after;
    c.previous = w.before;
    out.push_back(std::move(c));
  }
  return out;
}

// Appends `writes` in WriteBatches of at most `batch` writes, a case at most once per batch
// (the store actor's group commit holds one write per case actor).
inline void append_writes(storage::event_store& store,
                          const std::vector<storage::case_write>& writes, std::size_t batch) {
  for (std::size_t i = 0; i < writes.size();) {
    const auto end = bench::batch_end(writes, i, batch);
    const auto s = store.append({writes.begin() + static_cast<std::ptrdiff_t>(i),
                                 writes.begin() + static_cast<std::ptrdiff_t>(end)});
    INFO(s.to_string());
    REQUIRE(s.is_ok());
    i = end;
  }
}
inline void append_writes(storage::event_store& store,
                          const std::vector<testing::kpi_write>& writes, std::size_t batch) {
  append_writes(store, to_case_writes(writes), batch);
}

// A month (November 2026) of `cases` generated cases of the two-district test city with every
// move (bench::seed_generator with transfers and reopens on), cut into writes in commit order.
inline std::vector<storage::case_write> month_of_writes(const config::city_model& city,
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
  return bench::generated_writes(gen, city.city_id, cases, rng);
}

}  // namespace cityops::storage_test
