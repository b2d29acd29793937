#pragma once
// 智能分拨: which departments can take a case, best first, each with its reasons. The
// candidates are the departments that handle the case's category at the case's node or any
// node above it (its location path and its current node's ancestors, up to the city). The
// order puts the routing rule's choice first — the lowest tier whose rule sends the category
// there, as the three rings would, and the department the centres dispatch to, so auto
// dispatch takes the first — then the nearer tier, then the score, which weighs each
// department's load now (open and overdue cases waiting on it) and its record on this
// category over the last 90 days (return rate, on-time rate). Pure; the counters are kept by
// the caller from the committed stream (dispatch_history), never scanned per request.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "actors/domain/case_record.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

// Day-bucketed outcomes per (department, category) over a rolling window.
class dispatch_history {
 public:
  static constexpr std::int64_t window_days = 90;
  struct totals {
    std::uint32_t dispatched = 0;  // times the department received a case of the category
    std::uint32_t returned = 0;    // times it returned one (退单)
    std::uint32_t finished = 0;    // cases it handled
    std::uint32_t on_time = 0;     // of those, handled by the deadline
  };

  // `day` counts days since the epoch (UTC+8), as day_number() gives.
  void dispatched(const std::string& department, const std::string& category, std::int64_t day);
  void returned(const std::string& department, const std::string& category, std::int64_t day);
  void finished(const std::string& department, const std::string& category, std::int64_t day,
                bool on_time);
  // The sums over the window ending on `today`.
  totals last_days(const std::string& department, const std::string& category,
                   std::int64_t today) const;
  // Forgets buckets older than the window.
  void prune(std::int64_t today);

  static std::int64_t day_number(std::int64_t unix_ms);

 private:
  totals& bucket(const std::string& department, const std::string& category, std::int64_t day);
  std::map<std::pair<std::string, std::string>, std::map<std::int64_t, totals>> buckets_;
};

struct department_load {
  std::uint32_t open = 0;     // cases waiting on the department (dispatched, in progress)
  std::uint32_t overdue = 0;  // of those, past their deadline
};

struct dispatch_suggestion {
  const config::department* department = nullptr;
  double score = 0;
  bool routed = false;  // the routing rule's choice for the case
  department_load load;
  dispatch_history::totals history;
  std::vector<std::string> reasons;
};

std::vector<dispatch_suggestion> rank_dispatch(
    const case_record& record, const config::city_model& city,
    const std::unordered_map<std::string, department_load>& loads,
    const dispatch_history& history, std::int64_t now_ms);

}  // namespace cityops::domain
