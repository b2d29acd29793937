// tools/load/result_json: the result file is valid JSON (parsed back with simdjson) with the
// counts, status labels, percentiles and per-phase figures the statistics hold; run_stats
// keeps the warm-up out of the totals; the progress line shows what it is given.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <string>

#include "tools/load/progress_line.hpp"
#include "tools/load/result_json.hpp"

using namespace cityops::load;

namespace {

load_config surge_config() {
  load_config c;
  c.token = "t";
  c.mode = loop_mode::open;
  c.profile = profile_kind::surge;
  c.rate = 10;
  c.duration_s = 10;
  c.warmup_s = 1;
  c.mix.open311_key = "t";
  return c;
}

std::vector<bool> measured_of(const arrival_schedule& s) {
  std::vector<bool> m;
  for (const auto& p : s.phases()) m.push_back(p.measured);
  return m;
}

}  // namespace

TEST_CASE("run_stats: warm-up outcomes stay out of the totals and the per-kind figures") {
  const auto c = surge_config();
  const auto schedule = c.schedule();
  run_stats s(measured_of(schedule));
  s.record(request_kind::hotline, 0, "201", true, 1'000'000);     // warm-up
  s.record(request_kind::hotline, 1, "201", true, 2'000'000);     // base
  s.record(request_kind::grid, 3, "503", false, 500'000);         // peak
  s.record(request_kind::open311, 3, "io", false, std::nullopt);  // transport failure
  const auto t = s.totals();
  CHECK(t.ok == 1);
  CHECK(t.errors == 2);
  CHECK(t.latency.count() == 2);  // no latency for the transport failure
  CHECK(t.by_label.at("503") == 1);
  CHECK(t.by_label.at("io") == 1);
  CHECK(t.by_label.count("201") == 1);
  CHECK(s.kind(request_kind::hotline).ok == 1);
  CHECK(s.phase(0).ok == 1);
  CHECK(error_rate(s) == Approx(2.0 / 3.0));

  run_stats other(measured_of(schedule));
  other.record(request_kind::hotline, 1, "201", true, 3'000'000);
  other.queue.due = 5;
  other.queue.max_depth = 9;
  s.queue.max_depth = 4;
  s.merge(other);
  CHECK(s.totals().ok == 2);
  CHECK(s.queue.due == 5);
  CHECK(s.queue.max_depth == 9);
}

TEST_CASE("the result JSON parses and carries config, totals, statuses, kinds and phases") {
  const auto c = surge_config();
  const auto schedule = c.schedule();
  run_stats s(measured_of(schedule));
  for (int i = 1; i <= 100; ++i) {
    s.record(request_kind::hotline, 3, "201", true, static_cast<std::uint64_t>(i) * 1'000'000);
  }
  s.record(request_kind::app, 1, "503", false, 250'000);
  s.record(request_kind::replay, 2, "timeout", false, std::nullopt);
  s.queue = {120, 118, 7, 20, 2, 11};
  s.mix.cases_created = 100;
  s.mix.replays_mismatched = 0;
  run_summary summary;
  summary.started_at = "2026-11-28T01:30:00Z";
  summary.elapsed_s = 11.2;
  summary.measured_s = 10;
  summary.reached = true;

  const std::string text = result_json(c, schedule, s, summary);
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  INFO(text);
  REQUIRE_FALSE(p.parse(text).get(doc));

  CHECK(std::string_view(doc["tool"]) == "cityops-load");
  CHECK(std::string_view(doc["config"]["mode"]) == "open");
  CHECK(std::string_view(doc["config"]["profile"]) == "surge");
  CHECK(double(doc["config"]["rate"]) == Approx(10));
  CHECK(double(doc["config"]["weights"]["hotline"]) == Approx(55));
  CHECK(doc["failure"].is_null());

  CHECK(uint64_t(doc["totals"]["completed"]) == 102);
  CHECK(uint64_t(doc["totals"]["ok"]) == 100);
  CHECK(uint64_t(doc["totals"]["errors"]) == 2);
  CHECK(double(doc["totals"]["achieved_rps"]) == Approx(10.2));
  CHECK(uint64_t(doc["totals"]["cases_created"]) == 100);

  // 1..100 ms plus one 0.25 ms: p50 ≈ 50 ms, p99 ≈ 99 ms (within the histogram's 1 %).
  CHECK(double(doc["latency_ms"]["p50"]) == Approx(50).epsilon(0.01));
  CHECK(double(doc["latency_ms"]["p99"]) == Approx(99).epsilon(0.01));
  CHECK(double(doc["latency_ms"]["max"]) == Approx(100).epsilon(0.001));
  CHECK(double(doc["latency_ms"]["min"]) == Approx(0.25).epsilon(0.01));
  CHECK(uint64_t(doc["latency_ms"]["count"]) == 101);

  CHECK(uint64_t(doc["status"]["201"]) == 100);
  CHECK(uint64_t(doc["status"]["503"]) == 1);
  CHECK(uint64_t(doc["status"]["timeout"]) == 1);
  CHECK(uint64_t(doc["kinds"]["app"]["errors"]) == 1);
  CHECK(uint64_t(doc["kinds"]["replay"]["status"]["timeout"]) == 1);
  CHECK(doc["kinds"]["video"].error() == simdjson::NO_SUCH_FIELD);  // nothing sent, left out

  simdjson::dom::array phases = doc["phases"];
  REQUIRE(phases.size() == 6);  // warm-up + five surge phases
  CHECK(std::string_view(phases.at(0)["name"]) == "warmup");
  CHECK_FALSE(bool(phases.at(0)["measured"]));
  CHECK(std::string_view(phases.at(3)["name"]) == "peak");
  CHECK(uint64_t(phases.at(3)["ok"]) == 100);
  CHECK(double(phases.at(3)["target_rps_start"]) == Approx(160));
  CHECK(double(phases.at(3)["target_requests"]) == Approx(480));
  CHECK(double(phases.at(3)["achieved_rps"]) == Approx(100.0 / 3.0).epsilon(0.01));

  CHECK(uint64_t(doc["open_loop"]["due"]) == 120);
  CHECK(uint64_t(doc["open_loop"]["late"]) == 7);
  CHECK(uint64_t(doc["open_loop"]["dropped"]) == 2);
  CHECK(uint64_t(doc["open_loop"]["max_queue_depth"]) == 11);

  const std::string human = human_summary(c, schedule, s, summary);
  CHECK(human.find("503=1") != std::string::npos);
  CHECK(human.find("peak") != std::string::npos);
}

TEST_CASE("closed-loop results have no open_loop section and JSON-escape the failure") {
  load_config c;
  c.token = "t";
  c.mix.open311_key = "t";
  const auto schedule = c.schedule();
  run_stats s(measured_of(schedule));
  run_summary summary;
  summary.failure = "cannot connect to \"127.0.0.1:1\"\n";
  const std::string text = result_json(c, schedule, s, summary);
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  INFO(text);
  REQUIRE_FALSE(p.parse(text).get(doc));
  CHECK(doc["open_loop"].is_null());
  CHECK(doc["config"]["rate"].is_null());
  CHECK(std::string_view(doc["failure"]) == "cannot connect to \"127.0.0.1:1\"\n");
  CHECK(uint64_t(doc["totals"]["completed"]) == 0);
  CHECK(double(doc["totals"]["error_rate"]) == 0);
}

TEST_CASE("the progress line shows rates, counts and the last interval's percentiles") {
  progress_sample s;
  s.elapsed_s = 12;
  s.phase = "peak";
  s.target_rps = 1600;
  s.achieved_rps = 1587;
  s.ok = 15210;
  s.errors = 3;
  s.in_flight = 12;
  s.queued = 4;
  s.p50_ns = 1'210'000;
  s.p99_ns = 4'500'000;
  const auto line = progress_line(s);
  CHECK(line.find("[  12.0s] peak") == 0);
  CHECK(line.find("target   1600/s") != std::string::npos);
  CHECK(line.find("achieved   1587/s") != std::string::npos);
  CHECK(line.find("ok 15210  err 3  inflight 12  queued 4") != std::string::npos);
  CHECK(line.find("p50 1.21ms  p99 4.50ms") != std::string::npos);
  s.target_rps = -1;
  CHECK(progress_line(s).find("target      -") != std::string::npos);
}
