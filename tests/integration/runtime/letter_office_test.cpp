// The letter office over real actors and a real store, driven by CAF's test coordinator and
// a manual wall clock: letters answering an alert are numbered 1, 2…, replies are recorded
// once, and an unanswered letter past its deadline raises exactly one letter_overdue alert —
// also after further ticks and after a restart. With the automatic rule on, an alert at its
// level gets one 预警函 by "auto", never a second (another publish, a restart).
#include <chrono>
#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "actors/letter_protocol.hpp"
#include "actors/oversight_protocol.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;
using namespace std::chrono_literals;
using domain::alert_kind;
using domain::alert_status;

namespace {

struct office_fixture : testing::runtime_fixture {
  explicit office_fixture(std::string auto_level = "")
      : runtime_fixture(office_options(std::move(auto_level))) {}
  static city_runtime::options office_options(std::string auto_level) {
    city_runtime::options o;
    o.letters.auto_warning_level = std::move(auto_level);
    o.case_idle = 48h;
    o.sla_scan_interval = 24h * 30;
    o.letters.issuer = "测试市城运中心";
    o.letters.reply_hours = 24;
    return o;
  }

  // A supervised case: its `supervised` alert.
  domain::alert supervised_alert() {
    const auto id = grid_report("0601").id;
    domain::action_request q = action(domain::case_action::supervise, "city-seat");
    q.reason = "群众反复投诉";
    q.node = "9900";
    REQUIRE(ask(act_atom::value, id, q).ok());
    auto open = alerts(alert_status::open);
    REQUIRE(open.size() == 1);
    return open[0];
  }
  std::vector<domain::alert> alerts(alert_status status) {
    alert_query q;
    q.status = status;
    auto page = ask_actor<alert_list>(rt->store(), alert_atom::value, list_atom::value, q);
    REQUIRE(page.ok());
    return page->items;
  }
  std::vector<domain::alert> letter_alerts() {
    std::vector<domain::alert> out;
    for (auto& a : alerts(alert_status::open))
      if (a.kind == alert_kind::letter_overdue) out.push_back(a);
    return out;
  }
  std::vector<domain::risk_letter> letters() {
    auto page = ask_actor<letter_list>(rt->letter_office(), letter_atom::value,
                                       list_atom::value, letter_query{});
    REQUIRE(page.ok());
    return page->items;
  }
  domain::result<domain::risk_letter> issue(const std::string& alert_id,
                                            const std::string& department = "990001001.squad") {
    letter_issue req;
    req.alert_id = alert_id;
    req.draft.kind = domain::letter_kind::warning;
    req.draft.department = department;
    req.draft.facts = "群众反复投诉占道经营";
    req.draft.issued_by = "sup-1";
    return ask_actor<domain::risk_letter>(rt->letter_office(), letter_atom::value,
                                          issue_atom::value, req);
  }
  domain::result<domain::risk_letter> reply(const std::string& id, domain::letter_replier who) {
    letter_reply req;
    req.id = id;
    req.who = std::move(who);
    req.text = "已整改";
    return ask_actor<domain::risk_letter>(rt->letter_office(), letter_atom::value,
                                          reply_atom::value, req);
  }
};

// The rule on from 黄色 (yellow) up.
struct auto_office_fixture : office_fixture {
  auto_office_fixture() : office_fixture("yellow") {}
};

}  // namespace

TEST_CASE_METHOD(office_fixture, "letters are numbered, replied once, and an unanswered one "
                                 "raises one letter_overdue alert",
                 "[letter_office]") {
  const auto a = supervised_alert();
  auto first = issue(a.id);
  REQUIRE(first.ok());
  CHECK(first->number == 1);
  CHECK(first->title == "测试市城运中心 预警函〔" + std::to_string(first->year) + "〕第1期");
  CHECK(first->department_name == "一街道综合执法中队");
  CHECK(first->reply_due_ms == clock.now_ms() + 24 * domain::ms_per_hour);
  auto second = issue(a.id);
  REQUIRE(second.ok());
  CHECK(second->number == 2);

  auto unknown = issue(a.id, "nowhere");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == domain::error_code::unknown_department);
  CHECK(unknown.error().field == "department");
  CHECK(issue("no-such-alert").error().code == domain::error_code::not_found);

  CHECK(reply(first->id, {"other", "990001002.squad", false}).error().code ==
        domain::error_code::forbidden);
  auto replied = reply(first->id, {"squad-1", "990001001.squad", false});
  REQUIRE(replied.ok());
  CHECK(replied->status == domain::letter_status::replied);
  CHECK(reply(first->id, {"sup-1", "", true}).error().code == domain::error_code::conflict);

  // The second letter stays unanswered past its deadline.
  advance(23h);
  CHECK(letter_alerts().empty());
  advance(2h);
  auto raised = letter_alerts();
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].id == "letter-" + second->id);
  CHECK(raised[0].level == domain::alert_level::orange);
  CHECK(raised[0].department == "990001001.squad");
  advance(5min);  // more ticks
  CHECK(letter_alerts().size() == 1);

  restart();
  advance(2min);
  CHECK(letter_alerts().size() == 1);
  auto held = ask_actor<std::uint64_t>(rt->letter_office(), letter_atom::value, queue_atom::value);
  REQUIRE(held.ok());
  CHECK(*held == 1);  // the second letter, loaded again
  auto third = issue(a.id);
  REQUIRE(third.ok());
  CHECK(third->number == 3);  // numbering survives the restart
  letter_query q;
  q.status = "replied";
  auto listed = ask_actor<letter_list>(rt->letter_office(), letter_atom::value, list_atom::value, q);
  REQUIRE(listed.ok());
  REQUIRE(listed->items.size() == 1);
  CHECK(listed->items[0].id == first->id);
}

TEST_CASE_METHOD(auto_office_fixture, "an alert at the rule's level gets one automatic letter",
                 "[letter_office]") {
  const auto a = supervised_alert();  // yellow
  auto sent = letters();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].alert_id == a.id);
  CHECK(sent[0].issued_by == "auto");
  CHECK(sent[0].kind == domain::letter_kind::warning);
  CHECK(sent[0].number == 1);
  CHECK_FALSE(sent[0].department.empty());
  CHECK(sent[0].facts.find("黄色预警") != std::string::npos);

  // The alert grows to orange: published again, no second letter.
  auto grown = a;
  grown.level = domain::alert_level::orange;
  (*self)->send(rt->alert_board(), alert_atom::value, raise_atom::value, grown);
  sched->run();
  CHECK(alerts(alert_status::open).at(0).level == domain::alert_level::orange);
  CHECK(letters().size() == 1);

  // Below the level: none.
  auto low = a;
  low.id = "low-1";
  low.level = domain::alert_level::blue;
  (*self)->send(rt->alert_board(), alert_atom::value, raise_atom::value, low);
  sched->run();
  CHECK(letters().size() == 1);

  restart();
  advance(1min);
  auto again = a;
  again.id = "after-restart";
  again.level = domain::alert_level::red;
  // The restarted office knows the first alert has its letter (it rises to red: published
  // again, no letter); a new red alert gets one.
  grown.level = domain::alert_level::red;
  (*self)->send(rt->alert_board(), alert_atom::value, raise_atom::value, grown);
  (*self)->send(rt->alert_board(), alert_atom::value, raise_atom::value, again);
  sched->run();
  sent = letters();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].alert_id == "after-restart");  // newest first
  CHECK(sent[0].number == 2);
}
