#pragma once
// 一人多诉 at the seat: what one caller (a salted phone hash) has reported before. The book
// keeps, per hash, the caller's open cases and the cases of the last 90 days, with running
// counts (open; per category within the window), so a summary costs the number of the
// caller's categories, not of their cases — a caller with thousands of calls is answered as
// fast as one with two. Fed with committed case states in time order; pure and
// single-threaded.

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cityops::domain {

struct reporter_summary {
  std::uint32_t open = 0;          // open cases of this caller now
  std::uint32_t last_90_days = 0;  // cases reported within the window (open or not)
  std::vector<std::pair<std::string, std::uint32_t>> categories;  // within the window, most first
  bool known = false;              // the caller has any case at all
};

// One earlier case of a caller, as the book holds it.
struct reporter_case {
  std::string id;
  std::int64_t reported_ms = 0;
  std::string category;
  bool open = false;
};

// 一人多诉 at intake: whether a new report by a caller with `earlier_in_window` cases within
// the repeat window makes them a repeat caller — the report itself counts, as it will in the
// risk watch (repeat_caller_detector: at least `min_cases` cases within the window).
inline bool repeat_caller_would_flag(std::uint32_t earlier_in_window, std::uint32_t min_cases) {
  return earlier_in_window + 1 >= min_cases;
}

class reporter_book {
 public:
  static constexpr std::int64_t window_ms = 90LL * 24 * 3600 * 1000;

  // Records the current state of one case of `reporter_hash` (a new case or a change).
  void update(const std::string& reporter_hash, const std::string& case_id,
              std::int64_t reported_ms, const std::string& category, bool open);
  // The caller's history as of `now_ms`, not counting `exclude_case` (the case being viewed).
  reporter_summary summary(std::string_view reporter_hash, std::int64_t now_ms,
                           std::string_view exclude_case = {}) const;
  // The caller's cases reported within the 90-day window as of `now_ms`, newest first, at
  // most `max`.
  std::vector<reporter_case> recent(std::string_view reporter_hash, std::int64_t now_ms,
                                    std::size_t max) const;
  // How many of the caller's cases were reported at or after `since_ms` (and within the
  // 90-day window: a longer span counts only that much).
  std::uint32_t count_since(std::string_view reporter_hash, std::int64_t since_ms) const;
  // Forgets what left the window: closed cases older than 90 days, and window counts.
  void prune(std::int64_t now_ms);
  std::size_t callers() const { return callers_.size(); }

 private:
  struct entry {
    std::int64_t reported_ms = 0;
    std::string category;
    bool open = false;
    bool in_window = true;  // still counted in window_counts
  };
  struct caller {
    std::unordered_map<std::string, entry> cases;        // by case id
    std::deque<std::pair<std::int64_t, std::string>> by_time;  // (reported_ms, id), oldest first
    std::map<std::string, std::uint32_t> window_counts;  // category -> cases in the window
    std::uint32_t in_window = 0;
    std::uint32_t open = 0;
  };
  static const std::string& label(const std::string& category);
  static void leave_window(caller& c, entry& e);
  static void expire(caller& c, std::int64_t now_ms);

  std::unordered_map<std::string, caller> callers_;
  std::int64_t latest_ms_ = 0;  // the newest report seen: the window moves with it
};

}  // namespace cityops::domain
