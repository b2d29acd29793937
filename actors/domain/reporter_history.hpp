#pragma once
// 一人多诉 at the seat: what one caller (a salted phone hash) has reported before. The book
// keeps, per hash, the caller's cases of the last `window` days and every open one, and sums
// them up for the seat operator. Fed with committed case states; pure and single-threaded.

#include <cstdint>
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

class reporter_book {
 public:
  static constexpr std::int64_t window_ms = 90LL * 24 * 3600 * 1000;

  // Records the current state of one case of `reporter_hash` (a new case or a change).
  void update(const std::string& reporter_hash, const std::string& case_id,
              std::int64_t reported_ms, const std::string& category, bool open);
  // The caller's history as of `now_ms`, not counting `exclude_case` (the case being viewed).
  reporter_summary summary(std::string_view reporter_hash, std::int64_t now_ms,
                           std::string_view exclude_case = {}) const;
  // Drops closed cases older than the window (call now and then; bounded memory).
  void prune(std::int64_t now_ms);
  std::size_t callers() const { return by_hash_.size(); }

 private:
  struct entry {
    std::string case_id;
    std::int64_t reported_ms = 0;
    std::string category;
    bool open = false;
  };
  std::unordered_map<std::string, std::vector<entry>> by_hash_;
};

}  // namespace cityops::domain
