#pragma once
// The additive quantities behind every KPI (docs/kpi.md): counts of moves, sums of handling
// times and satisfaction, handling-time histograms, and the two gauges (open, overdue). One
// kpi_counters holds them for one scope (the city, a tier node, a department) and one day,
// or for the scope "now" (the gauges). Sums of counters are counters: a week, a month or any
// range is the field-wise sum of its days (kpi_counters::add): the store adds each write's
// changes to its rows, and a query only adds rows.
//
// Fields are sparse: a day of a quiet community holds a handful. Ids below source_base are the
// named fields; the others are ranges (by source, by category, histogram buckets).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityops::domain {

enum class kpi_field : std::uint32_t {
  reported = 1,        // 上报: a case is created
  accepted,            // 立案
  rejected,            // 不予受理
  dispatched,          // 派遣: dispatched or transferred to a department
  returned,            // 退单
  handled,             // 处置 reported done
  reworked,            // 返工: an inspection failed
  closed,              // 结案
  closed_on_time,      // 按期结案: closed by its deadline (or with none)
  went_overdue,        // 超期: the deadline passed while open
  extended,            // 延期 granted
  supervised,          // 督办
  escalated,           // climbed a ring
  escalated_to_city,   // climbed the 大环 (district → city)
  reopened,
  merged,              // closed as a duplicate of another case
  followed_up,         // 回访 with a score
  satisfied,           // 回访 score ≥ 4 of 5
  satisfaction_sum,    // Σ scores
  report_to_handled_ms,    // Σ (handled − reported)
  dispatch_to_handled_ms,  // Σ (handled − last dispatch)
  dispatch_to_handled_n,   // handled events with a dispatch before them
  open_now,            // gauge: open cases
  overdue_now,         // gauge: open cases marked overdue
  urgent,              // 紧急: a case reported urgent, or made urgent later
  urgent_closed,       // 结案 of an urgent case
  urgent_closed_on_time,  // of those, by the deadline
  urgent_went_overdue,    // 超期 of an urgent case
};

// Ranges of field ids.
inline constexpr std::uint32_t source_base = 100;             // + case_source
inline constexpr std::uint32_t report_hist_base = 1000;       // + bucket: report → handled
inline constexpr std::uint32_t dispatch_hist_base = 2000;     // + bucket: dispatch → handled
inline constexpr std::uint32_t hist_buckets = 256;
inline constexpr std::uint32_t category_base = 10000;         // + the 4-digit minor code

inline std::uint32_t id_of(kpi_field f) { return static_cast<std::uint32_t>(f); }

// Field id of a minor category code ("0101" → 10101); 0 when the code is not 4 digits.
std::uint32_t category_field(std::string_view code);
// The 4-digit code of a category field id.
std::string category_code(std::uint32_t field);

// Handling-time histogram: bucket 0 is under a minute; above, each doubling of minutes has 8
// buckets, so a bucket's upper edge is at most 12.5 % above any value in it.
std::uint32_t duration_bucket(std::int64_t ms);
std::int64_t bucket_upper_ms(std::uint32_t bucket);

class kpi_counters {
 public:
  using entry = std::pair<std::uint32_t, std::int64_t>;

  void add(std::uint32_t field, std::int64_t n);
  void add(kpi_field f, std::int64_t n = 1) { add(id_of(f), n); }
  void add(const kpi_counters& other);
  std::int64_t get(std::uint32_t field) const;
  std::int64_t get(kpi_field f) const { return get(id_of(f)); }
  // Entries with ids in [first, last), in id order.
  std::vector<entry> range(std::uint32_t first, std::uint32_t last) const;
  // Every non-zero entry, in id order.
  const std::vector<entry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }
  friend bool operator==(const kpi_counters& a, const kpi_counters& b) {
    return a.entries_ == b.entries_;
  }
  friend bool operator!=(const kpi_counters& a, const kpi_counters& b) { return !(a == b); }

 private:
  std::vector<entry> entries_;  // sorted by id, no zero values
};

// The value at `fraction` (e.g. 0.9) of a histogram kept at [base, base + hist_buckets):
// the upper edge of the bucket it falls in; 0 when the histogram is empty.
std::int64_t histogram_quantile_ms(const kpi_counters& c, std::uint32_t base, double fraction);

}  // namespace cityops::domain
