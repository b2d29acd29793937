// The `samples` family's encodings: keys that sort by time (also before 1970), 8-byte values,
// the latest record's round trip, and the indicator alert kinds and evidence through the
// alert codec.
#include <catch2/catch.hpp>

#include <string>

#include "storage/alert_codec.hpp"
#include "storage/sample_codec.hpp"

using namespace cityops;

TEST_CASE("sample keys sort by indicator then time", "[samples]") {
  const auto a = storage::sample_key("water.pressure.zhifu", -5);
  const auto b = storage::sample_key("water.pressure.zhifu", 0);
  const auto c = storage::sample_key("water.pressure.zhifu", 1'796'000'000'000);
  const auto d = storage::sample_key("water.pressure.zhifu", 1'796'000'000'001);
  CHECK(a < b);
  CHECK(b < c);
  CHECK(c < d);
  CHECK(c.rfind(storage::sample_key_prefix("water.pressure.zhifu"), 0) == 0);
  // A longer id sharing the start is not inside the shorter id's range.
  CHECK(storage::sample_key("water.pressure.zhifu2", 0)
            .rfind(storage::sample_key_prefix("water.pressure.zhifu"), 0) != 0);
  std::int64_t at = 0;
  REQUIRE(storage::sample_time_of(c, at));
  CHECK(at == 1'796'000'000'000);
  REQUIRE(storage::sample_time_of(a, at));
  CHECK(at == -5);
}

TEST_CASE("sample values and latest records round-trip", "[samples]") {
  double v = 0;
  REQUIRE(storage::decode_sample_value(storage::encode_sample_value(-0.125), v).is_ok());
  CHECK(v == -0.125);
  CHECK_FALSE(storage::decode_sample_value("1234567", v).is_ok());

  domain::indicator_status s;
  s.indicator = "marine.tide_level.yantai_port";
  s.value = 318.5;
  s.at_ms = 1'796'000'000'000;
  s.level = domain::indicator_level::warning;
  s.side = domain::breach_side::high;
  s.episode_ms = 1'795'999'000'000;
  s.episode_level = domain::indicator_level::alarm;
  domain::indicator_status back;
  const auto bytes = storage::encode_indicator_status(s);
  REQUIRE(storage::decode_indicator_status(bytes, back).is_ok());
  CHECK(back.indicator == s.indicator);
  CHECK(back.value == s.value);
  CHECK(back.at_ms == s.at_ms);
  CHECK(back.level == s.level);
  CHECK(back.side == s.side);
  CHECK(back.episode_ms == s.episode_ms);
  CHECK(back.episode_level == s.episode_level);
  CHECK_FALSE(storage::decode_indicator_status(bytes.substr(0, bytes.size() - 1), back).is_ok());
  CHECK(storage::decode_indicator_status(std::string(1, '\x07') + bytes.substr(1), back)
            .error_code() == storage::status::code::unsupported);
}

TEST_CASE("indicator alerts round-trip through the alert codec", "[samples]") {
  for (const auto kind : {domain::alert_kind::indicator_breach, domain::alert_kind::indicator_silent}) {
    domain::alert a;
    a.id = "ind-water.pressure.zhifu-b1796000000000";
    a.kind = kind;
    a.level = domain::alert_level::red;
    a.node = "370602";
    a.evidence.subject = "water.pressure.zhifu";
    a.evidence.value = 0.12;
    a.evidence.threshold = 0.14;
    a.evidence.unit = "MPa";
    domain::alert back;
    REQUIRE(storage::decode_alert(storage::encode_alert(a), back).is_ok());
    CHECK(back.kind == kind);
    CHECK(domain::to_string(back.kind) ==
          (kind == domain::alert_kind::indicator_breach ? "indicator_breach" : "indicator_silent"));
    CHECK(back.evidence.subject == a.evidence.subject);
    CHECK(back.evidence.value == a.evidence.value);
    CHECK(back.evidence.threshold == a.evidence.threshold);
    CHECK(back.evidence.unit == "MPa");
  }
  // The earlier kinds keep their numbers.
  CHECK(static_cast<int>(domain::alert_kind::letter_overdue) == 10);
  CHECK(static_cast<int>(domain::alert_kind::indicator_breach) == 11);
  CHECK(static_cast<int>(domain::alert_kind::indicator_silent) == 12);
}
