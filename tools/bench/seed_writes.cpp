#include "tools/bench/seed_writes.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "actors/domain/iso_time.hpp"

namespace cityops::bench {

void cut_into_writes(const domain::case_record& whole, std::mt19937_64& rng,
                     std::vector<storage::case_write>& out) {
  std::uniform_int_distribution<int> first(1, 4);
  std::uniform_int_distribution<int> percent(0, 99);
  domain::case_record state;
  state.id = whole.id;
  std::optional<domain::case_record> before;
  std::size_t i = 0;
  while (i < whole.history.size()) {
    const int p = percent(rng);
    std::size_t n = i == 0 ? static_cast<std::size_t>(first(rng)) : p < 80 ? 1 : p < 95 ? 2 : 3;
    n = std::min(n, whole.history.size() - i);
    storage::case_write w;
    w.case_id = whole.id;
    w.previous = before;
    for (std::size_t k = 0; k < n; ++k, ++i) {
      domain::apply(state, whole.history[i]);
      w.events.push_back(whole.history[i]);
    }
    w.snapshot = state;
    before = state;
    out.push_back(std::move(w));
  }
}

std::vector<storage::case_write> generated_writes(const seed_generator& gen,
                                                  const std::string& city_id,
                                                  std::uint64_t cases, std::mt19937_64& rng) {
  std::vector<storage::case_write> writes;
  const auto per_day = gen.cases_per_day(cases, rng);
  std::string previous;
  std::uint64_t seq = 0;
  for (std::uint32_t d = 0; d < per_day.size(); ++d) {
    for (const auto at : gen.report_times(gen.day_start_ms(d), per_day[d], rng)) {
      char id[48];
      std::snprintf(id, sizeof id, "%s-%s-%06llu", city_id.c_str(),
                    domain::local_day_stamp(at).c_str(), static_cast<unsigned long long>(++seq));
      seed_case_input in;
      in.id = id;
      in.report_ms = at;
      in.merge_target = previous;
      cut_into_writes(gen.make_case(in, rng), rng, writes);
      previous = id;
    }
  }
  std::stable_sort(writes.begin(), writes.end(),
                   [](const storage::case_write& a, const storage::case_write& b) {
                     return a.events.front().at_ms < b.events.front().at_ms;
                   });
  return writes;
}

std::size_t batch_end(const std::vector<storage::case_write>& writes, std::size_t from,
                      std::size_t max) {
  std::unordered_set<std::string_view> ids;
  std::size_t i = from;
  while (i < writes.size() && i - from < max && ids.insert(writes[i].case_id).second) ++i;
  return i;
}

}  // namespace cityops::bench
