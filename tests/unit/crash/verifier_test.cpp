// tools/crash/verifier: the crash test's verdict — what was acknowledged before a kill -9
// against what the service returns after the restart.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tools/crash/verifier.hpp"

using namespace cityops::crash;

namespace {

const std::string id = "3706-20261128-000042";
const std::string key = "crash-s1-1-0-7";

observed_event ev(std::uint64_t seq, std::string type, std::string status, std::string by) {
  return observed_event{seq, std::move(type), std::move(status), std::move(by)};
}

// A case reported, verified (by w-1) and accepted (by w-2).
observed_case accepted_case() {
  observed_case c;
  c.id = id;
  c.key = key;
  c.status = "accepted";
  c.history = {ev(1, "reported", "reported", "admin"), ev(2, "verified", "verified", "w-1"),
               ev(3, "accepted", "accepted", "w-2")};
  return c;
}

std::vector<acked_transition> acked_through_accept() {
  return {
      {id, "create", "", 1, "reported", "reported", {"reported"}},
      {id, "verify", "w-1", 2, "verified", "verified", {"reported", "verified"}},
      {id, "accept", "w-2", 3, "accepted", "accepted", {"reported", "verified", "accepted"}},
  };
}

std::vector<std::string> kinds(const std::vector<violation>& vs) {
  std::vector<std::string> out;
  for (const auto& v : vs) out.push_back(v.kind);
  return out;
}

}  // namespace

TEST_CASE("verifier: a case exactly as acknowledged passes", "[crash][verifier]") {
  const auto c = accepted_case();
  CHECK(check_case(key, acked_through_accept(), &c).empty());
}

TEST_CASE("verifier: a case that moved further than acknowledged passes", "[crash][verifier]") {
  auto c = accepted_case();
  // A dispatch in flight at the kill landed, and the SLA clock reminded.
  c.history.push_back(ev(4, "dispatched", "dispatched", "w-3"));
  c.history.push_back(ev(5, "reminded", "dispatched", "sla"));
  c.status = "dispatched";
  CHECK(check_case(key, acked_through_accept(), &c).empty());
}

TEST_CASE("verifier: a missing acknowledged case is lost_case", "[crash][verifier]") {
  const auto v = check_case(key, acked_through_accept(), nullptr);
  REQUIRE(v.size() == 1);
  CHECK(v[0].kind == "lost_case");
  CHECK(v[0].case_id == id);
  CHECK(v[0].key == key);
  // The report names the last acknowledged transition.
  CHECK(v[0].detail.find("seq 3 accepted -> accepted (accept by w-2)") != std::string::npos);
}

TEST_CASE("verifier: a history that ends before an acknowledged transition is lost_transition",
          "[crash][verifier]") {
  auto c = accepted_case();
  c.history.pop_back();  // the accept is gone
  c.status = "verified";
  const auto v = check_case(key, acked_through_accept(), &c);
  REQUIRE(kinds(v) == std::vector<std::string>{"lost_transition"});
  CHECK(v[0].detail.find("expected seq 3 accepted -> accepted") != std::string::npos);
  CHECK(v[0].detail.find("ends at seq 2 verified") != std::string::npos);
  CHECK(v[0].detail.find("status now verified") != std::string::npos);
}

TEST_CASE("verifier: another event at an acknowledged seq is lost_transition",
          "[crash][verifier]") {
  auto c = accepted_case();
  // The acknowledged accept (by w-2) was lost and a later request's event took its seq.
  c.history[2] = ev(3, "rejected", "rejected", "w-9");
  const auto v = check_case(key, acked_through_accept(), &c);
  REQUIRE(kinds(v) == std::vector<std::string>{"lost_transition"});
  CHECK(v[0].detail.find("the service has seq 3 rejected -> rejected (by w-9)") !=
        std::string::npos);

  // Same type and status but written by someone else: not our acknowledged event.
  auto c2 = accepted_case();
  c2.history[2].by = "w-other";
  CHECK(kinds(check_case(key, acked_through_accept(), &c2)) ==
        std::vector<std::string>{"lost_transition"});
}

TEST_CASE("verifier: a lost event the acknowledging reply showed is lost_events",
          "[crash][verifier]") {
  // Our dispatch was acknowledged with a reply showing an automatic escalation before it.
  std::vector<acked_transition> acked = acked_through_accept();
  acked.push_back({id, "dispatch", "w-3", 5, "dispatched", "dispatched",
                   {"reported", "verified", "accepted", "escalated", "dispatched"}});
  auto c = accepted_case();
  c.history.push_back(ev(4, "returned", "returned", "centre:370602001"));
  c.history.push_back(ev(5, "dispatched", "dispatched", "w-3"));
  const auto v = check_case(key, acked, &c);
  REQUIRE(kinds(v) == std::vector<std::string>{"lost_events"});
  CHECK(v[0].detail.find("first difference at seq 4") != std::string::npos);
}

TEST_CASE("verifier: gaps and a foreign key are reported", "[crash][verifier]") {
  auto c = accepted_case();
  c.history[1].seq = 5;
  CHECK(kinds(check_case(key, {acked_through_accept()[0]}, &c)) ==
        std::vector<std::string>{"history_gap"});

  auto other = accepted_case();
  other.key = "crash-s1-1-0-8";
  CHECK(kinds(check_case(key, acked_through_accept(), &other)) ==
        std::vector<std::string>{"wrong_case"});
}

TEST_CASE("verifier: the listing shows one case per key and nothing unknown",
          "[crash][verifier]") {
  ledger_state ledger;
  ledger.key_to_id = {{"k1", "id-1"}, {"k2", "id-2"}};
  ledger.pending_keys = {"k3"};
  const std::set<std::string> none;

  SECTION("as acknowledged, with a pending key's case") {
    CHECK(check_listing(ledger, {{"id-1", "k1"}, {"id-2", "k2"}, {"id-3", "k3"}}, none).empty());
  }
  SECTION("a pending key's case may also be absent") {
    CHECK(check_listing(ledger, {{"id-1", "k1"}, {"id-2", "k2"}}, none).empty());
  }
  SECTION("two cases for one key is duplicate_for_key") {
    const auto v = check_listing(ledger, {{"id-1", "k1"}, {"id-2", "k2"}, {"id-9", "k2"}}, none);
    REQUIRE(kinds(v) == std::vector<std::string>{"duplicate_for_key"});
    CHECK(v[0].key == "k2");
    CHECK(v[0].detail.find("id-2, id-9") != std::string::npos);
  }
  SECTION("duplicates for a pending key too") {
    const auto v = check_listing(
        ledger, {{"id-1", "k1"}, {"id-2", "k2"}, {"id-3", "k3"}, {"id-4", "k3"}}, none);
    CHECK(kinds(v) == std::vector<std::string>{"duplicate_for_key"});
  }
  SECTION("an acknowledged case absent from the listing") {
    const auto v = check_listing(ledger, {{"id-1", "k1"}}, none);
    REQUIRE(kinds(v) == std::vector<std::string>{"missing_from_listing"});
    CHECK(v[0].case_id == "id-2");
  }
  SECTION("a key listed under another id") {
    const auto v = check_listing(ledger, {{"id-1", "k1"}, {"id-7", "k2"}}, none);
    CHECK(kinds(v) == std::vector<std::string>{"wrong_id_for_key"});
  }
  SECTION("cases the load never asked for") {
    const auto v =
        check_listing(ledger, {{"id-1", "k1"}, {"id-2", "k2"}, {"id-5", "k5"}, {"id-6", ""}},
                      none);
    CHECK(kinds(v) == std::vector<std::string>{"unknown_case", "unknown_case"});
    // Unless they were there before the load.
    CHECK(check_listing(ledger, {{"id-1", "k1"}, {"id-2", "k2"}, {"id-6", ""}}, {"id-6"})
              .empty());
  }
}

TEST_CASE("verifier: Idempotency-Key retries answer exactly one case", "[crash][verifier]") {
  const replay_answer replay{200, "id-1", true, ""};
  const replay_answer created{201, "id-1", false, ""};

  SECTION("an acknowledged key replays its case") {
    CHECK(check_replay("k1", std::string("id-1"), {"id-1"}, replay, replay).empty());
  }
  SECTION("an acknowledged key answering another id") {
    const replay_answer other{200, "id-2", true, ""};
    const auto v = check_replay("k1", std::string("id-1"), {"id-1"}, other, other);
    REQUIRE(kinds(v) == std::vector<std::string>{"replay_mismatch"});
    CHECK(v[0].detail.find("answered id-2") != std::string::npos);
  }
  SECTION("an acknowledged key creating a new case") {
    const replay_answer fresh{201, "id-9", false, ""};
    const replay_answer fresh_replay{200, "id-9", true, ""};
    const auto v = check_replay("k1", std::string("id-1"), {}, fresh, fresh_replay);
    REQUIRE(kinds(v) == std::vector<std::string>{"replay_mismatch"});
    CHECK(v[0].detail.find("created a second case id-9") != std::string::npos);
  }
  SECTION("a key in flight at the kill: the case it made, or a new one") {
    CHECK(check_replay("k3", std::nullopt, {"id-1"}, replay, replay).empty());
    CHECK(check_replay("k3", std::nullopt, {}, created, replay).empty());
  }
  SECTION("a key in flight whose case exists must not create another") {
    CHECK(kinds(check_replay("k3", std::nullopt, {"id-1"}, created, replay)) ==
          std::vector<std::string>{"replay_mismatch"});
  }
  SECTION("the second retry must agree with the first") {
    const replay_answer other{200, "id-2", true, ""};
    CHECK(kinds(check_replay("k3", std::nullopt, {}, created, other)) ==
          std::vector<std::string>{"replay_mismatch"});
    const replay_answer second_created{201, "id-2", false, ""};
    CHECK(kinds(check_replay("k3", std::nullopt, {}, created, second_created)) ==
          std::vector<std::string>{"replay_mismatch"});
  }
  SECTION("errors and missing replay headers are mismatches") {
    const replay_answer overloaded{503, "", false, "{\"error\":{\"code\":\"overloaded\"}}"};
    const auto v = check_replay("k1", std::string("id-1"), {"id-1"}, overloaded, replay);
    REQUIRE(kinds(v) == std::vector<std::string>{"replay_mismatch"});
    CHECK(v[0].detail.find("503") != std::string::npos);
    const replay_answer plain{200, "id-1", false, ""};
    CHECK(kinds(check_replay("k1", std::string("id-1"), {"id-1"}, plain, replay)) ==
          std::vector<std::string>{"replay_mismatch"});
  }
}
