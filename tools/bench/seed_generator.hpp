#pragma once
// Realistic stored cases for benchmarks (`cityops-bench seed`): every case is a legal history
// built by the domain code itself — domain::decide_report for the report, the case machine
// for each move, domain::plan_dispatch for the tier centres' automatic escalations and
// re-dispatches, and the SLA marks (reminder, overdue) at the moments the service's SLA
// clock would commit them. A case's life is cut at `now_ms`: recent cases are still open at
// whatever step they reached, older ones are mostly closed (many followed up); a share
// stalls for good at a random open step (long-open, overdue), some are rejected or merged,
// returned and re-dispatched, reworked after a failed inspection, extended, supervised (督办),
// and with the options for them transferred (转派) or reopened after closing (重办).
//
// Pure and deterministic: the same options, id, time and random state give the same case.
// Thread-safe for concurrent const calls with separate random engines.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/case_machine.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/domain/dispatch_planner.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_model.hpp"

namespace cityops::bench {

struct seed_options {
  std::uint64_t random_seed = 20261128;
  std::int64_t now_ms = 0;    // no event is later than this
  std::uint32_t days = 180;   // report times spread over the last `days` local days
  double stall_share = 0.03;       // stop for good at a random open step
  double reject_share = 0.04;      // 不予受理 at verification
  double merge_share = 0.01;       // merged into an earlier case after verification
  double return_share = 0.05;      // 退单 once by the first department
  double rework_share = 0.04;      // inspection fails once (返工)
  double extension_share = 0.03;   // 延期 asked and approved
  double late_share = 0.08;        // handled after the deadline (overdue mark first)
  double supervise_share = 0.3;    // of the late ones: 督办 by the district centre
  double followup_share = 0.6;     // 回访 after closing
  // Off by default, so a seed gives the cases it always gave (a share > 0 draws more numbers):
  double transfer_share = 0;       // 转派 to another department once it has the case
  double reopen_share = 0;         // 重办 after closing: dispatched and handled again
  double geo_share = 0.3;          // reported with lat/lon instead of a node id
  double urgent_share = 0.05;
  std::uint32_t reporters = 200000;  // distinct callers (a few call often: 一人多诉)
};

// What make_case needs besides the case's own id and time.
struct seed_case_input {
  std::string id;                 // "<city>-<yyyymmdd>-<seq>", the day of report_ms
  std::int64_t report_ms = 0;     // <= now_ms
  std::string merge_target;       // an earlier case id a duplicate may merge into ("" = none)
};

class seed_generator {
 public:
  // `city` must outlive the generator; `reporter_salt` salts the reporters' phone hashes like
  // the gateway does (DATA/reporter.salt), so later reports by the same callers match.
  seed_generator(const config::city_model& city, std::string reporter_salt, seed_options o);

  // A realistic report as the gateway would hand it to the directory: a weighted community
  // (hot spots) given by id or by lat/lon near it, a weighted category, text, address, the
  // caller's salted phone hash for hotline/app/Open311 reports.
  domain::new_case make_report(const std::string& id, std::mt19937_64& rng) const;

  // A new case as intake leaves it: make_report decided at `at_ms` (history = {reported}).
  domain::case_record make_reported(const std::string& id, std::int64_t at_ms,
                                    std::mt19937_64& rng) const;

  // One case with its full history (record.history) and the state after it.
  // Throws std::logic_error when the domain refuses a move the generator chose (a bug here).
  domain::case_record make_case(const seed_case_input& in, std::mt19937_64& rng) const;

  // How many cases each of the last options.days local days gets (oldest first), summing to
  // `total`: weekdays busier than weekends, and a few surge days (storms) at about 3x.
  std::vector<std::uint64_t> cases_per_day(std::uint64_t total, std::mt19937_64& rng) const;

  // `count` ascending report times within the local day starting at `day_start_ms`, mostly
  // 07:00–22:00, none after options.now_ms.
  std::vector<std::int64_t> report_times(std::int64_t day_start_ms, std::uint64_t count,
                                         std::mt19937_64& rng) const;

  // Local midnight (UTC+8) of the i-th of the last options.days days, oldest first.
  std::int64_t day_start_ms(std::uint32_t index) const;

  const seed_options& options() const { return options_; }

 private:
  const config::city_model& city_;
  domain::sla_calendar calendar_;
  domain::case_machine machine_;
  std::string salt_;
  seed_options options_;
  std::vector<const config::node*> communities_;     // weighted pick: hot spots first
  std::vector<double> community_weights_;
  std::vector<const config::category*> categories_;
  std::vector<double> category_weights_;
  std::vector<const config::department*> city_departments_;
};

}  // namespace cityops::bench
