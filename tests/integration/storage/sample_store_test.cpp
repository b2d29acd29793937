// storage::sample_store over a real RocksDB: a batch and its latest records in one write,
// history as one ordered range per indicator (bounds inclusive, other indicators apart), and
// everything still there after reopening.
#include <catch2/catch.hpp>

#include <memory>
#include <utility>
#include <vector>

#include "storage/event_store.hpp"
#include "storage/sample_store.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops;

namespace {

constexpr std::int64_t t0 = 1'796'000'000'000;

struct store_fixture {
  testing::temp_dir dir;
  std::unique_ptr<storage::event_store> events;
  std::unique_ptr<storage::sample_store> samples;
  store_fixture() { open(); }
  void open() {
    REQUIRE(storage::event_store::open(dir.path(), storage::store_options{}, events).is_ok());
    REQUIRE(storage::sample_store::open(*events, samples).is_ok());
  }
  void reopen() {
    samples.reset();
    events.reset();
    open();
  }
  std::vector<std::pair<std::int64_t, double>> history(const std::string& id, std::int64_t from,
                                                       std::int64_t to) {
    std::vector<std::pair<std::int64_t, double>> out;
    REQUIRE(samples->history(id, from, to, [&](std::int64_t at, double v) {
                     out.emplace_back(at, v);
                   }).is_ok());
    return out;
  }
};

domain::indicator_status latest(const std::string& id, double v, std::int64_t at) {
  domain::indicator_status s;
  s.indicator = id;
  s.value = v;
  s.at_ms = at;
  return s;
}

}  // namespace

TEST_CASE_METHOD(store_fixture, "samples are read back by indicator and time range",
                 "[sample_store]") {
  std::vector<domain::indicator_sample> batch;
  for (int i = 9; i >= 0; --i) batch.push_back({"water.pressure.zhifu", 0.3 + i * 0.01, t0 + i * 1000});
  batch.push_back({"water.pressure.zhifu2", 9, t0 + 5000});
  batch.push_back({"water.pressure", 8, t0 + 5000});
  REQUIRE(samples->write(batch, {latest("water.pressure.zhifu", 0.39, t0 + 9000)}).is_ok());
  const auto h = history("water.pressure.zhifu", t0 + 2000, t0 + 5000);
  REQUIRE(h.size() == 4);
  CHECK(h.front().first == t0 + 2000);
  CHECK(h.back().first == t0 + 5000);
  CHECK(h.back().second == Approx(0.35));
  CHECK(history("water.pressure.zhifu", t0, INT64_MAX).size() == 10);
  CHECK(history("water.pressure.zhifu", t0 + 6000, t0 + 5000).empty());
  // The same time again replaces the sample.
  REQUIRE(samples->write({{"water.pressure.zhifu", 0.5, t0 + 2000}}, {}).is_ok());
  CHECK(history("water.pressure.zhifu", t0 + 2000, t0 + 2000).front().second == Approx(0.5));

  reopen();
  CHECK(history("water.pressure.zhifu", t0, t0 + 9000).size() == 10);
  std::vector<domain::indicator_status> all;
  REQUIRE(samples->latest(all).is_ok());
  REQUIRE(all.size() == 1);
  CHECK(all.front().indicator == "water.pressure.zhifu");
  CHECK(all.front().at_ms == t0 + 9000);
}
