// cityops-replay's CSV: header, comments and blank lines skipped, bad lines named by number,
// the bundled Yantai sample read whole, and batch bodies with numbers kept as numbers.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "tools/replay/sample_csv.hpp"

using namespace cityops::replay;

TEST_CASE("sample CSV lines become samples or errors naming the line", "[replay]") {
  std::istringstream in(
      "# comment\n"
      "indicator,value,unit,at\n"
      "water.pressure.zhifu, 0.31 ,MPa,2026-12-07T08:00:00+08:00\n"
      "\n"
      "air.pm25.city,58,,2026-12-07T08:00:00+08:00\n"
      "air.pm25.city,58,µg/m³\n"
      ",1,MPa,2026-12-07T08:00:00+08:00\n");
  const auto r = read_sample_csv(in);
  REQUIRE(r.samples.size() == 2);
  CHECK(r.samples[0].line == 3);
  CHECK(r.samples[0].value == "0.31");
  CHECK(r.samples[1].unit.empty());
  REQUIRE(r.errors.size() == 2);
  CHECK_THAT(r.errors[0], Catch::StartsWith("line 6: expected 4 fields"));
  CHECK_THAT(r.errors[1], Catch::StartsWith("line 7: indicator is empty"));
  CHECK(samples_body(r.samples, 0, 2) ==
        R"({"samples":[{"indicator":"water.pressure.zhifu","value":0.31,"unit":"MPa",)"
        R"("at":"2026-12-07T08:00:00+08:00"},{"indicator":"air.pm25.city","value":58,)"
        R"("at":"2026-12-07T08:00:00+08:00"}]})");
  std::vector<csv_sample> odd{{1, "a\"b", "high", "", "x"}};
  CHECK(samples_body(odd, 0, 1) == R"({"samples":[{"indicator":"a\"b","value":"high","at":"x"}]})");
}

TEST_CASE("the bundled Yantai sample reads without errors", "[replay]") {
  std::ifstream in(std::string(CITYOPS_SOURCE_DIR) + "/tools/replay/yantai_sample.csv");
  REQUIRE(in);
  const auto r = read_sample_csv(in);
  CHECK(r.errors.empty());
  CHECK(r.samples.size() == 63);
}
