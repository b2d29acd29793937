// storage::scenario_store over a real RocksDB: events numbered in one sequence, the active
// set following activations and their ends in the same write, each scenario's history newest
// first in pages, an activation's journal, and all of it after reopening.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "storage/event_store.hpp"
#include "storage/scenario_store.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops;
using domain::scenario_event;
namespace kind = domain::scenario_kind;

namespace {

constexpr std::int64_t t0 = 1'796'000'000'000;

struct store_fixture {
  testing::temp_dir dir;
  std::unique_ptr<storage::event_store> events;
  std::unique_ptr<storage::scenario_store> scenarios;
  store_fixture() { open(); }
  void open() {
    REQUIRE(storage::event_store::open(dir.path(), storage::store_options{}, events).is_ok());
    REQUIRE(storage::scenario_store::open(*events, scenarios).is_ok());
  }
  void reopen() {
    scenarios.reset();
    events.reset();
    open();
  }
  std::vector<scenario_event> write(std::vector<scenario_event> batch) {
    REQUIRE(scenarios->write(batch).is_ok());
    return batch;
  }
  std::vector<scenario_event> active() {
    std::vector<scenario_event> out;
    REQUIRE(scenarios->active(out).is_ok());
    return out;
  }
  std::vector<std::uint64_t> history(const std::string& name, std::uint64_t before,
                                     std::size_t limit) {
    std::vector<scenario_event> out;
    REQUIRE(scenarios->history(name, before, limit, out).is_ok());
    std::vector<std::uint64_t> seqs;
    for (const auto& e : out) seqs.push_back(e.seq);
    return seqs;
  }
};

scenario_event event(std::string name, std::string_view k, std::uint64_t activation = 0,
                     std::string detail = {}) {
  scenario_event e;
  e.scenario = std::move(name);
  e.kind = std::string(k);
  e.at_ms = t0;
  e.by = "admin";
  e.activation = activation;
  e.detail = std::move(detail);
  if (k == kind::activated) e.parameters = R"({"area":{"node":"370602"}})";
  return e;
}

}  // namespace

TEST_CASE_METHOD(store_fixture, "an activation is numbered, active, and ends with its end",
                 "[scenario_store]") {
  const auto a = write({event("festival", kind::activated)});
  REQUIRE(a.size() == 1);
  CHECK(a[0].seq == 1);
  CHECK(a[0].activation == 1);
  auto now = active();
  REQUIRE(now.size() == 1);
  CHECK(now[0].scenario == "festival");
  CHECK(now[0].parameters == R"({"area":{"node":"370602"}})");
  CHECK(now[0].by == "admin");

  const auto b = write({event("snow", kind::activated), event("festival", "run", 1, "{\"bus\":3}")});
  CHECK(b[0].seq == 2);
  CHECK(b[1].seq == 3);
  CHECK(active().size() == 2);

  write({event("festival", kind::deactivated, 1, "闭幕")});
  now = active();
  REQUIRE(now.size() == 1);
  CHECK(now[0].scenario == "snow");
  write({event("snow", kind::failed, 2, "threw: boom")});
  CHECK(active().empty());

  reopen();  // the counter and the log survive
  const auto c = write({event("festival", kind::activated)});
  CHECK(c[0].seq == 6);
  CHECK(active().size() == 1);
}

TEST_CASE_METHOD(store_fixture, "history pages newest first, journals stay with their activation",
                 "[scenario_store]") {
  write({event("festival", kind::activated)});                  // 1
  write({event("festival", "run", 1, "{\"n\":1}")});            // 2
  write({event("other", kind::activated)});                     // 3
  write({event("festival", "run", 1, "{\"n\":2}")});            // 4
  write({event("festival", kind::deactivated, 1)});             // 5
  write({event("festival", kind::activated)});                  // 6
  write({event("festival", "run", 6, "{\"n\":3}")});            // 7

  CHECK(history("festival", 0, 10) == std::vector<std::uint64_t>{7, 6, 5, 4, 2, 1});
  CHECK(history("festival", 0, 2) == std::vector<std::uint64_t>{7, 6});
  CHECK(history("festival", 6, 2) == std::vector<std::uint64_t>{5, 4});
  CHECK(history("festival", 2, 5) == std::vector<std::uint64_t>{1});
  CHECK(history("other", 0, 10) == std::vector<std::uint64_t>{3});
  CHECK(history("nobody", 0, 10).empty());

  std::vector<scenario_event> j;
  REQUIRE(scenarios->journal("festival", 1, j).is_ok());
  REQUIRE(j.size() == 2);
  CHECK(j[0].detail == "{\"n\":1}");
  CHECK(j[1].detail == "{\"n\":2}");
  REQUIRE(scenarios->journal("festival", 6, j).is_ok());
  REQUIRE(j.size() == 1);
  CHECK(j[0].seq == 7);
}

TEST_CASE("scenario events round-trip through their codec", "[scenario_store]") {
  auto e = event("exam_quiet", kind::failed, 9, "stalled: on_committed ran 12000 ms");
  e.seq = 11;
  e.parameters = "{}";
  scenario_event back;
  REQUIRE(storage::decode_scenario_event(storage::encode_scenario_event(e), back).is_ok());
  CHECK(back.seq == 11);
  CHECK(back.scenario == "exam_quiet");
  CHECK(back.kind == "failed");
  CHECK(back.at_ms == t0);
  CHECK(back.by == "admin");
  CHECK(back.parameters == "{}");
  CHECK(back.detail == e.detail);
  CHECK(back.activation == 9);
  CHECK_FALSE(storage::decode_scenario_event("\x02\x00", back).is_ok());  // newer version
  CHECK_FALSE(storage::decode_scenario_event("", back).is_ok());
}
