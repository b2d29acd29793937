#pragma once
// An alert of the centre's oversight and early-warning desk: what it is about (kind, level,
// scope), the evidence behind it, and where it stands (open → acked → closed). Raised by the
// alert rules (alert_rules.hpp: overdue, supervised, urgent, quarantined) and by the risk watch
// (risk detectors: sensitive words, 一人多诉, 新发高发, 集中爆发, unanswered letters) and by the
// vital-signs watch (indicator_episodes.hpp: a breached threshold, a silent sensor).
// Pure data: no CAF, no I/O.
//
// Episodes: a risk alert stands for one episode (a caller's run of calls, a burst in one
// place, a category rising in a district). Its id names the episode, so the 30th report of a
// burst grows the same alert — more cases, a higher count, maybe a higher level — instead of
// raising a 30th one.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::domain {

enum class alert_kind : std::uint8_t {
  overdue = 1,      // a case passed its deadline
  supervised,       // a case is under supervision (督办)
  quarantined,      // a case actor failed twice
  sensitive_words,  // a report's text matched the risk lexicon (极端诉求, 风险行为, 舆情, 安全隐患)
  repeat_caller,    // 一人多诉: one caller, many cases in a window
  repeat_address,   // one address, many different callers (a building-level dispute)
  new_issue,        // 新发: the first case of a category in an area for 30 days
  high_frequency,   // 高发: a category far above the area's own baseline
  cluster,          // 集中爆发: many reports in one place within minutes
  letter_overdue,   // a warning or reminder letter not answered by its deadline
  indicator_breach, // a city vital sign past its warning or alarm threshold (城市体征)
  indicator_silent, // a city vital sign's sensor gone silent: no sample for too long
  urgent,           // an urgent case (紧急) reached a centre or a department: told at once
};
enum class alert_status : std::uint8_t { open = 0, acked, closed };
// 蓝 / 黄 / 橙 / 红, lowest to highest.
enum class alert_level : std::uint8_t { blue = 1, yellow, orange, red };

std::string_view to_string(alert_kind k);
std::string_view to_string(alert_status s);
std::string_view to_string(alert_level l);
// 蓝色预警 … 红色预警: the level as a letter or a notice names it.
std::string_view level_name(alert_level l);
std::optional<alert_kind> parse_alert_kind(std::string_view s);
std::optional<alert_status> parse_alert_status(std::string_view s);
std::optional<alert_level> parse_alert_level(std::string_view s);

// Why an alert was raised. Fields that do not apply to its kind stay at their defaults.
struct alert_evidence {
  std::vector<std::string> case_ids;  // the cases behind it, oldest first (bounded)
  std::uint32_t count = 0;            // reports counted in the window (may exceed case_ids)
  double baseline = 0;                // expected count in the window (高发)
  double p_value = 0;                 // P(X >= count | baseline), Poisson (高发)
  std::vector<std::string> words;     // lexicon words matched (sensitive words)
  std::string word_class;             // their lexicon class (极端诉求, …)
  std::string subject;                // what repeats: a caller hash, an address, a category
  std::int64_t from_ms = 0;           // the window the evidence covers
  std::int64_t to_ms = 0;
  double lat = 0;                     // a cluster's centre and radius
  double lon = 0;
  double radius_m = 0;
  double value = 0;                   // an indicator's sample (subject = the indicator id)
  double threshold = 0;               // the threshold it reached
  std::string unit;                   // their unit ("MPa")
};

// The most case ids an alert carries as evidence; `count` goes on counting past it.
inline constexpr std::size_t alert_evidence_max_cases = 50;

struct alert {
  std::string id;          // case alerts: alert_id(case_id, seq); risk alerts: the episode
  alert_kind kind = alert_kind::overdue;
  alert_level level = alert_level::yellow;
  std::string case_id;     // the case it concerns ("" for an area or caller alert)
  std::uint32_t seq = 0;   // the event that raised it (case alerts)
  std::string node;        // the tier node it concerns (the case's node, or the area)
  std::string department;  // the department it concerns ("" = none)
  std::int64_t at_ms = 0;  // when it was raised
  std::int64_t updated_ms = 0;  // when its evidence last grew (0 = never)
  std::string message;     // one line for people
  alert_status status = alert_status::open;
  std::string acked_by;        // "" while open
  std::int64_t acked_at_ms = 0;  // 0 while open
  std::string closed_by;       // "" until closed
  std::int64_t closed_at_ms = 0;
  std::string close_note;      // what was done, from whoever closed it
  std::string category;        // the case's (or the area alert's) category
  std::int64_t deadline_ms = 0;  // the case's deadline at the event (0 = none)
  // For scoped reads: every node whose subtree the alert concerns — a case's report location
  // path (city first) and the ancestors of `node` — and the departments assisting (协办) it.
  std::vector<std::string> scope_nodes;
  std::vector<std::string> assistants;
  alert_evidence evidence;
};

}  // namespace cityops::domain
