#pragma once
// 预警函 / 提醒函: the numbered letter the early-warning desk sends a department in answer to a
// risk alert, and the department's reply. Pure: no CAF, no I/O (the letter office actor and
// the letter store apply these rules).
//
// Numbering: per kind per year (the local year, UTC+8), from 1. The number is handed
// out by the letter store together with the letter in one write, so it is never reused.
// Ids: "<year>-W<n>" (预警函) and "<year>-R<n>" (提醒函); titles
// "<issuer> 预警函〔<year>〕第<n>期".
//
// Replies: the addressed department's staff, a supervisor or an admin may reply, once. A
// second reply is refused with `conflict` (409): the first answer stands and stays readable
// on the letter.
//
// Deadline: a letter still `issued` after its reply_due is overdue; overdue_alert() is the
// `letter_overdue` alert the office raises for it (id "letter-<letter id>", so it is raised
// once however often the office looks).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/alert.hpp"
#include "actors/domain/alert_rules.hpp"
#include "actors/domain/domain_error.hpp"

namespace cityops::domain {

enum class letter_kind : std::uint8_t { warning = 1, reminder };
enum class letter_status : std::uint8_t { issued = 0, replied };

std::string_view to_string(letter_kind k);    // "warning", "reminder"
std::string_view to_string(letter_status s);  // "issued", "replied"
std::optional<letter_kind> parse_letter_kind(std::string_view s);
std::optional<letter_status> parse_letter_status(std::string_view s);
// 预警函 / 提醒函.
std::string_view letter_kind_name(letter_kind k);

// The most case ids a letter carries from its alert's evidence.
inline constexpr std::size_t letter_max_cases = 20;

struct risk_letter {
  std::string id;  // letter_id(kind, year, number)
  letter_kind kind = letter_kind::warning;
  std::int32_t year = 0;      // local (UTC+8) year of issued_ms
  std::uint32_t number = 0;   // per kind per year, from 1
  std::string title;          // letter_title(issuer, kind, year, number)
  std::string issuer;         // the issuing centre (letter head)
  std::string department;     // addressee: department id
  std::string department_name;
  std::string alert_id;       // the alert it answers
  alert_kind alert_kind_of = alert_kind::overdue;  // the alert's kind and level at issue
  alert_level alert_level_of = alert_level::yellow;
  std::string facts;          // written by the issuer
  std::string alert_message;  // the alert's own line
  std::string evidence;       // evidence_summary() of the alert
  std::vector<std::string> case_ids;  // attached cases (the alert's evidence, bounded)
  std::string issued_by;
  std::int64_t issued_ms = 0;
  std::int64_t reply_due_ms = 0;
  letter_status status = letter_status::issued;
  std::string reply_text;
  std::string replied_by;
  std::int64_t replied_ms = 0;
  std::vector<std::string> scope_nodes;  // the alert's: operators see their subtree's letters
};

// What the issuer asks for; the office fills in the department's name, the issuer from the
// settings and the time.
struct letter_draft {
  letter_kind kind = letter_kind::warning;
  std::string department;
  std::string department_name;
  std::string facts;
  std::string issuer;
  std::string issued_by;
  std::int64_t issued_ms = 0;
  std::int64_t reply_due_ms = 0;  // 0: issued_ms + reply_hours
  std::int64_t reply_hours = 72;
};

// Local (UTC+8) calendar year of a unix time in ms.
std::int32_t local_year(std::int64_t unix_ms);
std::string letter_id(letter_kind k, std::int32_t year, std::uint32_t number);
std::string letter_title(std::string_view issuer, letter_kind k, std::int32_t year,
                         std::uint32_t number);

// One line on an alert's evidence: reports counted, words matched, what repeats, the window.
std::string evidence_summary(const alert_evidence& e);

// The letter `d` answers `a` with, not numbered yet (number 0, no id or title: number_letter
// does that when the store hands out the number). invalid_field naming `facts` (empty or
// blank) or `reply_due` (not after the issue time).
result<risk_letter> make_letter(const alert& a, const letter_draft& d);

// Sets number, id and title.
void number_letter(risk_letter& l, std::uint32_t number);

// Who replies: staff of `department` (empty for oversight roles), `oversight` for
// supervisors and admins.
struct letter_replier {
  std::string name;
  std::string department;
  bool oversight = false;
};

// Records the reply: forbidden (field `id`) for anyone but the addressee's staff or an
// oversight role, invalid_field `text` for a blank text, conflict (field `id`) when the
// letter was replied to already (the first reply stands).
std::optional<domain_error> record_reply(risk_letter& l, const letter_replier& who,
                                         std::string text, std::int64_t at_ms);

// Unanswered and past its reply deadline at `now_ms`.
bool is_overdue(const risk_letter& l, std::int64_t now_ms);

// Scope as for alerts: `node` among the letter's scope nodes, `department` its addressee.
bool in_scope(const risk_letter& l, const alert_scope& scope);

// The `letter_overdue` alert of an unanswered letter past its deadline, raised at `now_ms`:
// id "letter-<letter id>", level orange, the addressee as its department, the letter's cases
// as evidence, a message naming the title and the due time.
alert overdue_alert(const risk_letter& l, std::int64_t now_ms);

}  // namespace cityops::domain
