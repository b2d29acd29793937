// End to end with the built binary: cityops-load's library drives the real service for ~2 s
// in closed loop over a few keep-alive connections — the realistic mix with Open311, keys,
// immediate replays and reads — then every case in the ack log is read back by id. A short
// open-loop surge follows against the same service: every scheduled arrival goes out and is
// answered without an error.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tools/load/load_runner.hpp"

using cityops::testing::http_connection;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::temp_dir;
using namespace cityops::load;

namespace {

load_config config_for(const service_process& svc, const std::string& ack_log) {
  load_config c;
  const auto& addr = svc.address();
  const auto colon = addr.rfind(':');
  c.host = addr.substr(0, colon);
  c.port = static_cast<std::uint16_t>(std::stoi(addr.substr(colon + 1)));
  c.token = svc.admin_token();
  c.mix.open311_key = svc.admin_token();
  c.connections = 4;
  c.threads = 2;
  c.timeout_s = 30;
  c.ack_log_path = ack_log;
  c.progress = false;
  return c;
}

struct ack_line {
  std::string id;
  std::string key;
};

std::vector<ack_line> read_ack_log(const std::string& path) {
  std::vector<ack_line> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    lines.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return lines;
}

}  // namespace

TEST_CASE("closed loop for 2 s creates cases without errors and every acknowledged id exists") {
  temp_dir data;
  service_process svc(CITYOPSD_PATH, service_args(data));
  const std::string ack_path = data.path() + "/acks.tsv";

  load_config c = config_for(svc, ack_path);
  c.duration_s = 2;
  c.mix.replay_share = 0.2;  // enough replays in 2 s to check them
  c.mix.read_ratio = 0.1;
  REQUIRE(c.validate().empty());

  catalogue city;
  REQUIRE(load_catalogue(c, city).empty());
  CHECK(city.categories.size() > 50);
  CHECK(city.communities.size() > 6000);

  const run_result r = run_load(c, city);
  INFO(human_summary(c, c.schedule(), r.stats, r.summary));
  CHECK(r.summary.reached);
  CHECK(r.summary.failure.empty());
  CHECK(exit_code(c, r) == 0);
  const auto totals = r.stats.totals();
  CHECK(totals.errors == 0);
  CHECK(r.stats.mix.cases_created > 0);
  CHECK(r.stats.kind(request_kind::open311).ok > 0);
  CHECK(r.stats.mix.replays_matched > 0);
  CHECK(r.stats.mix.replays_mismatched == 0);

  // The ack log lists each acknowledged case once; each is there to read.
  const auto acks = read_ack_log(ack_path);
  CHECK(acks.size() == r.stats.mix.cases_created);
  std::set<std::string> ids, keys;
  http_connection conn(svc.address());
  for (const auto& a : acks) {
    CHECK(ids.insert(a.id).second);
    if (a.key != "-") CHECK(keys.insert(a.key).second);
    const auto got = conn.request("GET", "/api/v1/cases/" + a.id);
    INFO(a.id << " " << got.body.substr(0, 200));
    REQUIRE(got.status == 200);
  }
  CHECK_FALSE(keys.empty());
}

TEST_CASE("a short open-loop surge sends every scheduled arrival and gets no errors") {
  temp_dir data;
  service_process svc(CITYOPSD_PATH, service_args(data));
  load_config c = config_for(svc, "");
  c.mode = loop_mode::open;
  c.profile = profile_kind::surge;
  c.rate = 40;
  c.surge_factor = 4;
  c.duration_s = 2;
  c.warmup_s = 0.5;
  REQUIRE(c.validate().empty());

  catalogue city;
  REQUIRE(load_catalogue(c, city).empty());
  const run_result r = run_load(c, city);
  INFO(human_summary(c, c.schedule(), r.stats, r.summary));
  const auto schedule = c.schedule();
  CHECK(r.stats.queue.due == schedule.total_arrivals());
  CHECK(r.stats.queue.sent == r.stats.queue.due);
  CHECK(r.stats.queue.dropped == 0);
  CHECK(r.stats.totals().errors == 0);
  // Every phase received its share of the schedule (the peak the most).
  std::uint64_t peak = 0, base = 0;
  for (std::size_t i = 0; i < schedule.phases().size(); ++i) {
    if (schedule.phases()[i].name == "peak") peak = r.stats.phase(i).completed();
    if (schedule.phases()[i].name == "base") base = r.stats.phase(i).completed();
  }
  CHECK(peak > 3 * base);
}
