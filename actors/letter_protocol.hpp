#pragma once
// The vocabulary of 预警函 / 提醒函 (actors/domain/risk_letter.hpp), beside
// oversight_protocol.hpp. Light to include (the gateway bridge does).
//
//   letter office  (letter_atom, issue_atom, letter_issue)   -> risk_letter as stored (201)
//                                                               | unknown_department |
//                                                               not_found (the alert) |
//                                                               forbidden | invalid_field
//                  (letter_atom, reply_atom, letter_reply)   -> risk_letter with the reply |
//                                                               not_found | forbidden |
//                                                               conflict (replied already)
//                  (letter_atom, get_atom, id, alert_scope)  -> risk_letter | not_found |
//                                                               forbidden
//                  (letter_atom, list_atom, letter_query)    -> letter_list | invalid_field
//                  (letter_atom, queue_atom)                 -> uint64 unanswered letters held
//   store actor    the same four letter requests, with the times stamped by the office; it
//                  numbers a letter and stores it in one synced write (letter_store::issue)

#include <cstdint>
#include <string>
#include <vector>

#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

#include "actors/domain/risk_letter.hpp"
#include "actors/oversight_protocol.hpp"

namespace cityops {

using letter_atom = caf::atom_constant<caf::atom("letter")>;
using issue_atom = caf::atom_constant<caf::atom("issue")>;
using reply_atom = caf::atom_constant<caf::atom("reply")>;
using get_atom = caf::get_atom;
// The office's periodic look for unanswered letters past their deadline.
using letter_tick_atom = caf::atom_constant<caf::atom("lettertick")>;

// Issue a letter answering alert `alert_id`; the caller must see the alert within `scope`.
// The office fills the draft's department name, issuer, time and reply hours.
struct letter_issue {
  std::string alert_id;
  domain::letter_draft draft;
  domain::alert_scope scope;
};

// Reply to letter `id` as `who` (the office stamps at_ms).
struct letter_reply {
  std::string id;
  domain::letter_replier who;
  std::string text;
  std::int64_t at_ms = 0;
};

// One page of letters, newest issued first: `status` "" (all), "issued" or "replied".
struct letter_query {
  std::string status;
  domain::alert_scope scope;
  std::string cursor;
  std::uint32_t limit = 100;
};

struct letter_list {
  std::vector<domain::risk_letter> items;
  std::string next_cursor;  // "" at the end
};

}  // namespace cityops

namespace cityops::domain {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, risk_letter& x) {
  return f(caf::meta::type_name("risk_letter"), x.id, x.kind, x.year, x.number, x.title,
           x.issuer, x.department, x.department_name, x.alert_id, x.alert_kind_of,
           x.alert_level_of, x.facts, x.alert_message, x.evidence, x.case_ids, x.issued_by,
           x.issued_ms, x.reply_due_ms, x.status, x.reply_text, x.replied_by, x.replied_ms,
           x.scope_nodes);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, letter_draft& x) {
  return f(caf::meta::type_name("letter_draft"), x.kind, x.department, x.department_name,
           x.facts, x.issuer, x.issued_by, x.issued_ms, x.reply_due_ms, x.reply_hours);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, letter_replier& x) {
  return f(caf::meta::type_name("letter_replier"), x.name, x.department, x.oversight);
}

}  // namespace cityops::domain

namespace cityops {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, letter_issue& x) {
  return f(caf::meta::type_name("letter_issue"), x.alert_id, x.draft, x.scope);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, letter_reply& x) {
  return f(caf::meta::type_name("letter_reply"), x.id, x.who, x.text, x.at_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, letter_query& x) {
  return f(caf::meta::type_name("letter_query"), x.status, x.scope, x.cursor, x.limit);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, letter_list& x) {
  return f(caf::meta::type_name("letter_list"), x.items, x.next_cursor);
}

}  // namespace cityops
