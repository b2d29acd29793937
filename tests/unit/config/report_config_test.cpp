// [reports]: the embedded city's 每日信息 settings, a city file's overrides, and bad values named
// by their key.
#include <catch2/catch.hpp>

#include "config/city_loader.hpp"

using namespace cityops::config;

namespace {

load_error error_of(const std::string& toml) {
  city_config out;
  auto err = load_string(toml, "city.toml", out);
  REQUIRE(err.has_value());
  return *err;
}

}  // namespace

TEST_CASE("the embedded city makes its daily report at 08:30", "[config][reports]") {
  const auto& reports = default_city().reports;
  CHECK(reports.issuer == "烟台市城运中心");
  CHECK(reports.daily_at_minute == 8 * 60 + 30);
  CHECK(reports.daily);
}

TEST_CASE("a city file sets the daily report's issuer and time", "[config][reports]") {
  city_config out;
  auto err = load_string("[reports]\nissuer = \"芝罘区城运中心\"\ndaily_at = \"07:05\"\ndaily = false\n",
                         "city.toml", out);
  INFO((err ? err->describe() : std::string("ok")));
  REQUIRE_FALSE(err);
  CHECK(out.reports.issuer == "芝罘区城运中心");
  CHECK(out.reports.daily_at_minute == 7 * 60 + 5);
  CHECK_FALSE(out.reports.daily);
}

TEST_CASE("bad [reports] values name their key", "[config][reports][errors]") {
  for (const char* bad : {"24:00", "8:30", "08:60", "noon"})
    CHECK(error_of(std::string("[reports]\ndaily_at = \"") + bad + "\"\n").key ==
          "reports.daily_at");
  CHECK(error_of("[reports]\nissuer = \"\"\n").key == "reports.issuer");
  CHECK(error_of("[reports]\ndaily = 1\n").key == "reports.daily");
  CHECK(error_of("[reports]\nweekly = true\n").key == "reports.weekly");
}
