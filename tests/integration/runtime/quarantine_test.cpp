// Poison messages over real actors and a real store: a request that makes a case actor fail
// twice quarantines the case (stored entry, alert, refused writes) instead of re-activating it
// for every retry; the case stays readable; the quarantine survives a restart; an admin
// releases it. The failure is made with the case actors' test failpoint.
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/oversight_protocol.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;
using namespace std::chrono_literals;
using domain::case_action;

namespace {

// Counts calls of the failpoint; throws for actions whose reason is "poison".
struct poison_counter {
  std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);
  action_failpoint failpoint() const {
    return [calls = calls](const std::string&, const domain::action_request& q) {
      ++*calls;
      if (q.reason == "poison") throw std::runtime_error("malformed attachment in request");
    };
  }
};

struct quarantine_fixture : testing::runtime_fixture {
  explicit quarantine_fixture(const poison_counter& p) : runtime_fixture(opts(p)) {}
  static city_runtime::options opts(const poison_counter& p) {
    city_runtime::options o;
    o.case_idle = 48h;
    o.sla_scan_interval = 24h * 30;
    o.before_action = p.failpoint();
    return o;
  }
  // As a request (like the gateway's bridge), so a request whose handler killed the actor is
  // answered by CAF with the actor's exit reason instead of never.
  domain::result<domain::case_record> act(const std::string& id, case_action a,
                                          std::string reason = "") {
    auto q = action(a);
    q.reason = std::move(reason);
    auto handle = (*self)->request(rt->directory(), caf::infinite, act_atom::value, id, q);
    sched->run();
    std::optional<domain::result<domain::case_record>> out;
    std::move(handle).receive(
        [&](domain::case_record& r) { out.emplace(std::move(r)); },
        [&](caf::error& e) { out.emplace(to_domain_error(e)); });
    REQUIRE(out.has_value());
    return std::move(*out);
  }
  std::vector<domain::quarantine_entry> quarantined() {
    auto r = ask_actor<std::vector<domain::quarantine_entry>>(
        rt->directory(), quarantine_atom::value, list_atom::value);
    REQUIRE(r.ok());
    return *r;
  }
  std::vector<domain::quarantine_entry> stored_quarantine() {
    auto r = ask_actor<std::vector<domain::quarantine_entry>>(rt->store(), quarantine_atom::value,
                                                              list_atom::value);
    REQUIRE(r.ok());
    return *r;
  }
  std::vector<domain::alert> open_alerts() {
    alert_query q;
    q.limit = 100;
    auto page = ask_actor<alert_list>(rt->store(), alert_atom::value, list_atom::value, q);
    REQUIRE(page.ok());
    return page->items;
  }
};

}  // namespace

TEST_CASE("a case whose actor fails twice is quarantined, readable, and refuses writes") {
  poison_counter poison;
  quarantine_fixture f(poison);
  const auto id = f.ask(report_atom::value, f.report())->id;

  // First failure: the client gets an error, the case is not quarantined yet.
  auto first = f.act(id, case_action::reject, "poison");
  REQUIRE_FALSE(first.ok());
  CHECK(f.quarantined().empty());
  // A healthy request in between still works (a fresh actor loads the case).
  CHECK(f.fetch(id).status == domain::case_status::reported);

  // Second failure: quarantined, stored, announced as an alert.
  auto second = f.act(id, case_action::reject, "poison");
  REQUIRE_FALSE(second.ok());
  const auto q = f.quarantined();
  REQUIRE(q.size() == 1);
  CHECK(q[0].case_id == id);
  CHECK(q[0].failures == 2);
  CHECK(q[0].reason.find("malformed attachment in request") != std::string::npos);
  CHECK(f.stored_quarantine().size() == 1);
  const auto alerts = f.open_alerts();
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].kind == domain::alert_kind::quarantined);
  CHECK(alerts[0].case_id == id);
  CHECK(alerts[0].node == "990001001001");  // scoped by the stored case

  // Not retried: further writes are refused without reaching a case actor.
  const int calls_before = *poison.calls;
  auto third = f.act(id, case_action::verify);
  REQUIRE_FALSE(third.ok());
  CHECK(third.error().code == domain::error_code::quarantined);
  CHECK(third.error().field == "id");
  CHECK(*poison.calls == calls_before);
  CHECK(f.live_case_actors() == 0);

  // Readable, from the store, with its history intact.
  const auto read = f.fetch(id);
  CHECK(read.status == domain::case_status::reported);
  CHECK(read.history.size() == 1);
  CHECK(f.live_case_actors() == 0);

  // Other cases are unaffected.
  const auto other = f.ask(report_atom::value, f.report())->id;
  CHECK(f.act(other, case_action::verify).ok());
}

TEST_CASE("a quarantine survives a restart and an admin releases it") {
  poison_counter poison;
  quarantine_fixture f(poison);
  const auto id = f.ask(report_atom::value, f.report())->id;
  REQUIRE_FALSE(f.act(id, case_action::reject, "poison").ok());
  REQUIRE_FALSE(f.act(id, case_action::reject, "poison").ok());

  f.restart();
  REQUIRE(f.quarantined().size() == 1);
  auto refused = f.act(id, case_action::verify);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == domain::error_code::quarantined);
  // The alert is not raised twice for the same quarantine.
  CHECK(f.open_alerts().size() == 1);

  auto released = f.ask_actor<bool>(f.rt->directory(), quarantine_atom::value,
                                    release_atom::value, id);
  REQUIRE(released.ok());
  CHECK(*released);
  CHECK(f.quarantined().empty());
  CHECK(f.stored_quarantine().empty());
  auto verified = f.act(id, case_action::verify);
  REQUIRE(verified.ok());
  CHECK(verified->status == domain::case_status::verified);

  // Releasing a case that is not quarantined says so.
  auto again = f.ask_actor<bool>(f.rt->directory(), quarantine_atom::value, release_atom::value,
                                 id);
  REQUIRE(again.ok());
  CHECK_FALSE(*again);

  // After a release the count starts from zero: one more failure does not quarantine.
  REQUIRE_FALSE(f.act(id, case_action::reject, "poison").ok());
  CHECK(f.quarantined().empty());
}
