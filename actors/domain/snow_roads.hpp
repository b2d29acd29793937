#pragma once
// Where the snow bites (docs/snow-response.md): the roads named in the road and icing reports
// of the recent window, ranked by what to clear first, and the hot spots among them. Pure.
//
// A report's road is the first road name in its address, else in its text ("南大街与大海阳路口"
// → 南大街): a run of Chinese characters ending in 路, 街, 大街, 大道, 巷, 桥, 隧道, 公路 or 高速,
// at least three characters long, cut at place words (区, 市, 县, 镇, 街道, 与, 和, 、, 在, 上 …).
// A report naming no road counts under its report node.
//
// Ranking: each report of the window weighs 1, twice when urgent, a quarter once closed, and
// halves with every hour of age; a road's score is the sum. Ties: more open reports, then the
// most recent report, then the name. A hot spot is a road (or place) with at least
// `hot_spot_reports` reports in the window.

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "actors/domain/case_record.hpp"

namespace cityops::domain {

// Every road name in `text`, in order of appearance, each once.
std::vector<std::string> road_names(std::string_view text);

// The road a report names: its address's first, else its text's; "" when neither names one.
std::string road_of(const report_details& report);

struct road_rank {
  std::string road;   // "" for reports naming no road: `node` says where they are
  std::string node;   // the report node of the road's latest report
  double score = 0;
  std::uint32_t reports = 0;
  std::uint32_t open = 0;
  std::uint32_t urgent = 0;
  std::int64_t last_ms = 0;
  std::vector<std::string> cases;  // newest first, at most 5
};

// The road and icing reports of the recent window, updated as their cases are committed.
class snow_road_board {
 public:
  snow_road_board(std::int64_t window_ms, std::uint32_t hot_spot_reports);

  // A case of the watched categories and area, as committed (new, or moved on): kept while
  // its report lies in the window; its status and priority are updated.
  void observe(const case_record& r, std::int64_t now_ms);
  // Drops the reports older than the window.
  void expire(std::int64_t now_ms);

  // Every road (or place) of the window, first to clear first; at most `limit`.
  std::vector<road_rank> ranking(std::int64_t now_ms, std::size_t limit) const;
  std::size_t hot_spots(std::int64_t now_ms) const;
  std::size_t reports() const { return order_.size(); }

  std::int64_t window_ms() const { return window_ms_; }
  std::uint32_t hot_spot_reports() const { return hot_spot_reports_; }

 private:
  struct entry {
    std::string road;
    std::string node;
    std::int64_t at_ms = 0;
    bool urgent = false;
    bool open = true;
  };
  std::unordered_map<std::string, entry> cases_;      // by case id
  std::set<std::pair<std::int64_t, std::string>> order_;  // (report time, case id)
  std::int64_t window_ms_;
  std::uint32_t hot_spot_reports_;
};

}  // namespace cityops::domain
