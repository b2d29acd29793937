#pragma once
// Generated cases (seed_generator.hpp) as the writes the service commits: each case's history
// cut into the writes its actor would make (previous state, new events, state after), all
// cases' writes in commit order, and batches as the store actor's group commit forms them
// (a case at most once per WriteBatch). For the KPI benchmarks and tests, which need the
// incremental path (event_store::append with `previous`) rather than whole cases at once.

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "storage/event_store.hpp"
#include "tools/bench/seed_generator.hpp"

namespace cityops::bench {

// Cuts `whole` (a case with its full history) into writes appended to `out`: the report alone
// or with the system's first moves (up to 4 events), then mostly one event a write, sometimes
// two or three (an SLA reminder and overdue mark together, a confirm, a centre's next move).
void cut_into_writes(const domain::case_record& whole, std::mt19937_64& rng,
                     std::vector<storage::case_write>& out);

// `cases` cases of `gen` over its options' days (cases_per_day, report_times), ids
// "<city_id>-<yyyymmdd>-<seq>" with one sequence over all days, each merge candidate the case
// before it; cut into writes and ordered by the time of their first event.
std::vector<storage::case_write> generated_writes(const seed_generator& gen,
                                                  const std::string& city_id,
                                                  std::uint64_t cases, std::mt19937_64& rng);

// The end of the batch that starts at `from`: at most `max` writes, none of a case already in
// the batch.
std::size_t batch_end(const std::vector<storage::case_write>& writes, std::size_t from,
                      std::size_t max);

}  // namespace cityops::bench
