#pragma once
// Poison messages: a case whose actor fails twice is quarantined instead of being re-activated
// for every retry. While quarantined the case is still readable (from the store), every write
// to it is refused with `quarantined`, and operators are told (log line + alert). An admin
// releases it once the cause is understood. Pure: no CAF, no I/O (the case directory applies
// the policy; the store keeps the entries).
//
// Why per case and not per message: a case actor fails while handling one message, and the
// directory sees only that its actor ended abnormally. Two failures of the same case in one
// process lifetime mean the same input (a client's retry, the SLA watcher's next wake-up, the
// stored state itself) keeps killing it; a third attempt would only fail again.

#include <cstdint>
#include <string>
#include <unordered_map>

namespace cityops::domain {

struct quarantine_entry {
  std::string case_id;
  std::string reason;       // what the last failure said (exception text / exit reason)
  std::int64_t at_ms = 0;   // when the case was quarantined
  std::uint32_t failures = 0;
};

// Counts abnormal exits per case and says when a case has failed often enough to quarantine.
class failure_tracker {
 public:
  static constexpr std::uint32_t default_threshold = 2;
  explicit failure_tracker(std::uint32_t threshold = default_threshold)
      : threshold_(threshold == 0 ? 1 : threshold) {}

  // Records one failure of `case_id`; returns the failures counted so far.
  std::uint32_t record(const std::string& case_id) { return ++counts_[case_id]; }
  bool reached(std::uint32_t failures) const { return failures >= threshold_; }
  // After a release (or a quarantine) the count starts again from zero.
  void forget(const std::string& case_id) { counts_.erase(case_id); }
  std::uint32_t threshold() const { return threshold_; }

 private:
  std::uint32_t threshold_;
  std::unordered_map<std::string, std::uint32_t> counts_;
};

}  // namespace cityops::domain
