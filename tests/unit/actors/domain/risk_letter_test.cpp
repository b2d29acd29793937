// domain::risk_letter: numbering and titles, making a letter from an alert, reply rules,
// deadlines and the letter_overdue alert.
#include <catch2/catch.hpp>

#include "actors/domain/iso_time.hpp"
#include "actors/domain/risk_letter.hpp"

using namespace cityops::domain;

namespace {

const std::int64_t issued = *parse_iso8601("2026-02-10T09:00:00+08:00");

alert supervised_alert() {
  alert a;
  a.id = "3706-20260210-7-e4";
  a.kind = alert_kind::supervised;
  a.level = alert_level::yellow;
  a.case_id = "3706-20260210-7";
  a.message = "case 3706-20260210-7 is supervised";
  a.scope_nodes = {"3706", "370602", "370602001"};
  return a;
}

letter_draft draft() {
  letter_draft d;
  d.kind = letter_kind::warning;
  d.department = "370602001.street_law_enforcement";
  d.department_name = "向阳街道综合行政执法队";
  d.facts = "群众反复投诉占道经营";
  d.issuer = "烟台市城运中心";
  d.issued_by = "sup-1";
  d.issued_ms = issued;
  d.reply_hours = 72;
  return d;
}

}  // namespace

TEST_CASE("letter ids and titles are numbered per kind and year", "[risk_letter]") {
  CHECK(letter_id(letter_kind::warning, 2026, 7) == "2026-W7");
  CHECK(letter_id(letter_kind::reminder, 2026, 3) == "2026-R3");
  CHECK(letter_title("烟台市城运中心", letter_kind::warning, 2026, 7) ==
        "烟台市城运中心 预警函〔2026〕第7期");
  CHECK(letter_title("烟台市城运中心", letter_kind::reminder, 2026, 3) ==
        "烟台市城运中心 提醒函〔2026〕第3期");
  // The local year (UTC+8): 2025-12-31T17:00Z is already 2026 in Yantai.
  CHECK(local_year(*parse_iso8601("2025-12-31T17:00:00Z")) == 2026);
  CHECK(local_year(*parse_iso8601("2025-12-31T15:59:00Z")) == 2025);
  CHECK(parse_letter_kind("warning") == letter_kind::warning);
  CHECK_FALSE(parse_letter_kind("memo"));
  CHECK(parse_letter_status("replied") == letter_status::replied);
}

TEST_CASE("a letter takes the alert, the draft and a default deadline", "[risk_letter]") {
  auto made = make_letter(supervised_alert(), draft());
  REQUIRE(made.ok());
  auto l = made.value();
  CHECK(l.number == 0);
  CHECK(l.year == 2026);
  CHECK(l.reply_due_ms == issued + 72 * ms_per_hour);
  CHECK(l.case_ids == std::vector<std::string>{"3706-20260210-7"});
  CHECK(l.alert_kind_of == alert_kind::supervised);
  CHECK(l.scope_nodes == supervised_alert().scope_nodes);
  number_letter(l, 7);
  CHECK(l.id == "2026-W7");
  CHECK(l.title == "烟台市城运中心 预警函〔2026〕第7期");

  auto a = supervised_alert();
  for (int i = 0; i < 30; ++i) a.evidence.case_ids.push_back("c" + std::to_string(i));
  a.evidence.count = 30;
  auto many = make_letter(a, draft());
  REQUIRE(many.ok());
  CHECK(many->case_ids.size() == letter_max_cases);
  CHECK_THAT(many->evidence, Catch::Contains("30 reports"));

  auto d = draft();
  d.reply_due_ms = issued - 1;
  auto past = make_letter(supervised_alert(), d);
  REQUIRE_FALSE(past.ok());
  CHECK(past.error().field == "reply_due");
  d = draft();
  d.facts = "  ";
  CHECK(make_letter(supervised_alert(), d).error().field == "facts");
  d = draft();
  d.reply_due_ms = issued + ms_per_hour;
  CHECK(make_letter(supervised_alert(), d)->reply_due_ms == issued + ms_per_hour);
}

TEST_CASE("the addressee's staff or oversight reply once — a second reply is a conflict",
          "[risk_letter]") {
  auto l = *make_letter(supervised_alert(), draft());
  number_letter(l, 1);
  auto other = record_reply(l, {"dept-ds", "370602002.street_law_enforcement", false}, "x", 1);
  REQUIRE(other);
  CHECK(other->code == error_code::forbidden);
  auto blank = record_reply(l, {"dept-xy", l.department, false}, " ", 1);
  REQUIRE(blank);
  CHECK(blank->field == "text");
  CHECK_FALSE(record_reply(l, {"dept-xy", l.department, false}, "已整改", issued + 5));
  CHECK(l.status == letter_status::replied);
  CHECK(l.replied_by == "dept-xy");
  auto again = record_reply(l, {"sup-1", "", true}, "再次回复", issued + 6);
  REQUIRE(again);
  CHECK(again->code == error_code::conflict);
  CHECK(l.reply_text == "已整改");
}

TEST_CASE("an unanswered letter past its deadline raises one orange letter_overdue alert",
          "[risk_letter]") {
  auto l = *make_letter(supervised_alert(), draft());
  number_letter(l, 2);
  CHECK_FALSE(is_overdue(l, l.reply_due_ms));
  CHECK(is_overdue(l, l.reply_due_ms + 1));
  const auto a = overdue_alert(l, l.reply_due_ms + 1);
  CHECK(a.id == "letter-2026-W2");
  CHECK(a.kind == alert_kind::letter_overdue);
  CHECK(a.level == alert_level::orange);
  CHECK(a.department == l.department);
  CHECK(a.evidence.case_ids == l.case_ids);
  CHECK_THAT(a.message, Catch::Contains(l.title) && Catch::Contains(format_iso8601(l.reply_due_ms)));
  CHECK(in_scope(l, alert_scope{"370602", ""}));
  CHECK_FALSE(in_scope(l, alert_scope{"370613", ""}));
  CHECK(in_scope(l, alert_scope{"", l.department}));
  CHECK_FALSE(in_scope(l, alert_scope{"", "other"}));
  record_reply(l, {"sup-1", "", true}, "ok", l.reply_due_ms + 2);
  CHECK_FALSE(is_overdue(l, l.reply_due_ms + 3));
}
