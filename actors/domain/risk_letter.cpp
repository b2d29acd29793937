#include "actors/domain/risk_letter.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "actors/domain/enum_names.hpp"
#include "actors/domain/iso_time.hpp"
#include "config/civil_date.hpp"

namespace cityops::domain {
namespace {

constexpr std::array<std::string_view, 2> kind_names{"warning", "reminder"};
constexpr std::array<std::string_view, 2> status_names{"issued", "replied"};

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& x : items) {
    if (!out.empty()) out += sep;
    out += x;
  }
  return out;
}

}  // namespace

std::string_view to_string(letter_kind k) { return detail::enum_name(kind_names, k, 1); }
std::string_view to_string(letter_status s) { return detail::enum_name(status_names, s); }
std::optional<letter_kind> parse_letter_kind(std::string_view s) {
  return detail::enum_from_name<letter_kind>(kind_names, s, 1);
}
std::optional<letter_status> parse_letter_status(std::string_view s) {
  return detail::enum_from_name<letter_status>(status_names, s);
}
std::string_view letter_kind_name(letter_kind k) {
  return k == letter_kind::reminder ? "提醒函" : "预警函";
}

std::int32_t local_year(std::int64_t unix_ms) {
  return config::civil_from_days(china_local_day(unix_ms)).year;
}

std::string letter_id(letter_kind k, std::int32_t year, std::uint32_t number) {
  return std::to_string(year) + (k == letter_kind::reminder ? "-R" : "-W") +
         std::to_string(number);
}

std::string letter_title(std::string_view issuer, letter_kind k, std::int32_t year,
                         std::uint32_t number) {
  std::string t(issuer);
  if (!t.empty()) t += ' ';
  t += letter_kind_name(k);
  t += "〔" + std::to_string(year) + "〕第" + std::to_string(number) + "期";
  return t;
}

std::string evidence_summary(const alert_evidence& e) {
  std::vector<std::string> parts;
  if (e.count > 0) parts.push_back(std::to_string(e.count) + " reports");
  if (!e.case_ids.empty()) parts.push_back(std::to_string(e.case_ids.size()) + " cases attached");
  if (!e.words.empty()) {
    std::string w = "words " + join(e.words, "、");
    if (!e.word_class.empty()) w += " (" + e.word_class + ")";
    parts.push_back(std::move(w));
  }
  if (!e.subject.empty()) parts.push_back("subject " + e.subject);
  if (e.baseline > 0) parts.push_back("baseline " + std::to_string(e.baseline));
  if (e.from_ms != 0 && e.to_ms != 0)
    parts.push_back("from " + format_iso8601(e.from_ms) + " to " + format_iso8601(e.to_ms));
  return join(parts, "; ");
}

result<risk_letter> make_letter(const alert& a, const letter_draft& d) {
  if (blank(d.facts))
    return field_error(error_code::invalid_field, "facts", "'facts' must state the facts");
  const std::int64_t due =
      d.reply_due_ms != 0 ? d.reply_due_ms : d.issued_ms + d.reply_hours * ms_per_hour;
  if (due <= d.issued_ms)
    return field_error(error_code::invalid_field, "reply_due",
                       "'reply_due' must be in the future, after " + format_iso8601(d.issued_ms));
  risk_letter l;
  l.kind = d.kind;
  l.year = local_year(d.issued_ms);
  l.issuer = d.issuer;
  l.department = d.department;
  l.department_name = d.department_name;
  l.alert_id = a.id;
  l.alert_kind_of = a.kind;
  l.alert_level_of = a.level;
  l.facts = d.facts;
  l.alert_message = a.message;
  l.evidence = evidence_summary(a.evidence);
  const auto& cases = a.evidence.case_ids.empty() && !a.case_id.empty()
                          ? std::vector<std::string>{a.case_id}
                          : a.evidence.case_ids;
  l.case_ids.assign(cases.begin(),
                    cases.begin() + static_cast<std::ptrdiff_t>(
                                        std::min(cases.size(), letter_max_cases)));
  l.issued_by = d.issued_by;
  l.issued_ms = d.issued_ms;
  l.reply_due_ms = due;
  l.scope_nodes = a.scope_nodes;
  return l;
}

void number_letter(risk_letter& l, std::uint32_t number) {
  l.number = number;
  l.id = letter_id(l.kind, l.year, number);
  l.title = letter_title(l.issuer, l.kind, l.year, number);
}

std::optional<domain_error> record_reply(risk_letter& l, const letter_replier& who,
                                         std::string text, std::int64_t at_ms) {
  if (!who.oversight && who.department != l.department)
    return field_error(error_code::forbidden, "id",
                       "letter " + l.id + " is addressed to " + l.department +
                           "; only its staff, a supervisor or an admin may reply");
  if (l.status == letter_status::replied)
    return field_error(error_code::conflict, "id",
                       "letter " + l.id + " was replied to by " + l.replied_by + " at " +
                           format_iso8601(l.replied_ms));
  if (blank(text)) return field_error(error_code::invalid_field, "text", "'text' must not be blank");
  l.status = letter_status::replied;
  l.reply_text = std::move(text);
  l.replied_by = who.name;
  l.replied_ms = at_ms;
  return std::nullopt;
}

bool is_overdue(const risk_letter& l, std::int64_t now_ms) {
  return l.status == letter_status::issued && now_ms > l.reply_due_ms;
}

bool in_scope(const risk_letter& l, const alert_scope& scope) {
  if (!scope.node.empty() &&
      std::find(l.scope_nodes.begin(), l.scope_nodes.end(), scope.node) == l.scope_nodes.end())
    return false;
  return scope.department.empty() || scope.department == l.department;
}

alert overdue_alert(const risk_letter& l, std::int64_t now_ms) {
  alert a;
  a.id = "letter-" + l.id;
  a.kind = alert_kind::letter_overdue;
  a.level = alert_level::orange;
  a.node = l.scope_nodes.empty() ? std::string() : l.scope_nodes.back();
  a.department = l.department;
  a.at_ms = now_ms;
  a.deadline_ms = l.reply_due_ms;
  a.message = l.title + " to " + (l.department_name.empty() ? l.department : l.department_name) +
              " has no reply; it was due " + format_iso8601(l.reply_due_ms);
  a.scope_nodes = l.scope_nodes;
  a.evidence.case_ids = l.case_ids;
  a.evidence.count = static_cast<std::uint32_t>(l.case_ids.size());
  a.evidence.subject = l.id;
  a.evidence.from_ms = l.issued_ms;
  a.evidence.to_ms = l.reply_due_ms;
  if (l.case_ids.size() == 1) a.case_id = l.case_ids.front();
  return a;
}

}  // namespace cityops::domain
