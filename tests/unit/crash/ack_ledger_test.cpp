// tools/crash/ack_ledger: what the crash test's load records, and the ack log it writes.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tools/crash/ack_ledger.hpp"

using namespace cityops::crash;

namespace {

acked_transition reported(const std::string& id) {
  return {id, "create", "", 1, "reported", "reported", {"reported"}};
}

}  // namespace

TEST_CASE("ack ledger: a key is pending until its create is acknowledged", "[crash][ledger]") {
  ack_ledger ledger;
  ledger.intend_create("k1");
  ledger.intend_create("k2");
  auto s = ledger.snapshot();
  CHECK(s.pending_keys == std::set<std::string>{"k1", "k2"});
  CHECK(s.key_to_id.empty());

  CHECK_FALSE(ledger.ack_create("k1", "id-1", reported("ignored")));
  s = ledger.snapshot();
  CHECK(s.pending_keys == std::set<std::string>{"k2"});
  CHECK(s.key_to_id == std::map<std::string, std::string>{{"k1", "id-1"}});
  // The creation is the case's first acknowledged transition, under the acknowledged id.
  REQUIRE(s.transitions.at("id-1").size() == 1);
  CHECK(s.transitions.at("id-1")[0].case_id == "id-1");
  CHECK(ledger.case_count() == 1);
  CHECK(ledger.transition_count() == 1);
}

TEST_CASE("ack ledger: a second id for an acknowledged key is returned, the first kept",
          "[crash][ledger]") {
  ack_ledger ledger;
  ledger.intend_create("k1");
  REQUIRE_FALSE(ledger.ack_create("k1", "id-1", reported("id-1")));
  CHECK_FALSE(ledger.ack_create("k1", "id-1", reported("id-1")));  // a replay: same id
  const auto clash = ledger.ack_create("k1", "id-2", reported("id-2"));
  REQUIRE(clash);
  CHECK(*clash == "id-1");
  CHECK(ledger.snapshot().key_to_id.at("k1") == "id-1");
  // Intending an acknowledged key again does not make it pending.
  ledger.intend_create("k1");
  CHECK(ledger.snapshot().pending_keys.empty());
}

TEST_CASE("ack ledger: the ack log replays into the same state", "[crash][ledger]") {
  std::ostringstream log;
  ack_ledger ledger(&log);
  ledger.intend_create("k1");
  ledger.intend_create("k2");
  ledger.ack_create("k1", "id-1", reported("id-1"));
  ledger.ack_transition({"id-1", "verify", "crash-s1-1-0-a0", 2, "verified", "verified",
                         {"reported", "verified"}});
  ledger.note("killed\t1\tat 2.5s");

  ledger_state replayed;
  std::istringstream in(log.str());
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    INFO(line);
    CHECK(apply_log_line(line, replayed));
    ++lines;
  }
  CHECK(lines == 6);  // 2 intents, case, 2 transitions, note
  const auto original = ledger.snapshot();
  CHECK(replayed.key_to_id == original.key_to_id);
  CHECK(replayed.pending_keys == original.pending_keys);
  CHECK(replayed.transitions == original.transitions);
  CHECK(replayed.transition_count() == 2);
}

TEST_CASE("ack ledger: malformed log lines are refused", "[crash][ledger]") {
  ledger_state s;
  CHECK(apply_log_line("", s));
  CHECK(apply_log_line("note\tanything", s));
  CHECK_FALSE(apply_log_line("case\tk1", s));
  CHECK_FALSE(apply_log_line("transition\tid\tverify\tby\tx\tverified\tverified\t", s));
  CHECK_FALSE(apply_log_line("transition\tid\tverify\tby\t0\tverified\tverified\t", s));
  CHECK_FALSE(apply_log_line("bogus\tline", s));
  CHECK(s.key_to_id.empty());
  CHECK(s.transitions.empty());
}

TEST_CASE("ack ledger: concurrent workers lose no record", "[crash][ledger]") {
  std::ostringstream log;
  ack_ledger ledger(&log);
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w)
    threads.emplace_back([&, w] {
      for (int i = 0; i < 250; ++i) {
        const auto key = "k" + std::to_string(w) + "-" + std::to_string(i);
        const auto id = "id" + std::to_string(w) + "-" + std::to_string(i);
        ledger.intend_create(key);
        ledger.ack_create(key, id, reported(id));
        ledger.ack_transition({id, "verify", "b", 2, "verified", "verified", {}});
      }
    });
  for (auto& t : threads) t.join();
  CHECK(ledger.case_count() == 1000);
  CHECK(ledger.transition_count() == 2000);
  ledger_state replayed;
  std::istringstream in(log.str());
  for (std::string line; std::getline(in, line);) REQUIRE(apply_log_line(line, replayed));
  CHECK(replayed.transition_count() == 2000);
  CHECK(replayed.pending_keys.empty());
}
