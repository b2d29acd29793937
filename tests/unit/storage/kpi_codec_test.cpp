// storage/kpi_codec: the bytes of a KPI row and of a journal entry round-trip, and any bytes
// decode to a row (an entry) or to corruption, never past their end.
#include <catch2/catch.hpp>

#include <limits>
#include <map>
#include <random>
#include <string>

#include "storage/kpi_codec.hpp"
#include "storage/wire_format.hpp"

using namespace cityops;
using domain::kpi_counters;

namespace {

kpi_counters decoded(const std::string& bytes) {
  kpi_counters c;
  const auto s = storage::decode_kpi_into(bytes, c);
  INFO(s.to_string());
  REQUIRE(s.is_ok());
  return c;
}

kpi_counters sample_row() {
  kpi_counters c;
  c.add(domain::kpi_field::reported, 12);
  c.add(domain::kpi_field::open_now, -3);  // a write's change of a gauge
  c.add(domain::kpi_field::report_to_handled_ms, 987'654'321'012);
  c.add(domain::report_hist_base + 68, 2);
  c.add(domain::category_field("0601"), 1);
  c.add(std::numeric_limits<std::uint32_t>::max(), std::numeric_limits<std::int64_t>::min());
  c.add(std::numeric_limits<std::uint32_t>::max() - 1, std::numeric_limits<std::int64_t>::max());
  return c;
}

}  // namespace

TEST_CASE("a KPI row round-trips, the empty row too", "[kpi_codec]") {
  CHECK(decoded(storage::encode_kpi({})).empty());
  CHECK(storage::encode_kpi({}) == std::string(1, '\x01'));
  const auto row = sample_row();
  CHECK(decoded(storage::encode_kpi(row)) == row);
  // Field 1 = 5, field 4 = -1: version, gap 1, zigzag(5) = 10, gap 3, zigzag(-1) = 1.
  kpi_counters small;
  small.add(1, 5);
  small.add(4, -1);
  CHECK(storage::encode_kpi(small) == std::string("\x01\x01\x0a\x03\x01", 5));
}

TEST_CASE("decoding adds to the row it is given", "[kpi_codec]") {
  kpi_counters sum;
  kpi_counters a;
  a.add(2, 4);
  a.add(7, 1);
  kpi_counters b;
  b.add(2, -4);
  b.add(9, 3);
  REQUIRE(storage::decode_kpi_into(storage::encode_kpi(a), sum).is_ok());
  REQUIRE(storage::decode_kpi_into(storage::encode_kpi(b), sum).is_ok());
  kpi_counters expected;
  expected.add(7, 1);
  expected.add(9, 3);
  CHECK(sum == expected);
}

TEST_CASE("a KPI row that is empty, cut, of another version or out of range is corruption",
          "[kpi_codec]") {
  kpi_counters c;
  CHECK(storage::decode_kpi_into("", c).error_code() == storage::status::code::corruption);
  CHECK(storage::decode_kpi_into(std::string("\x02\x01\x02", 3), c).error_code() ==
        storage::status::code::corruption);
  const auto bytes = storage::encode_kpi(sample_row());
  // Every cut inside a field: the last field's value is a multi-byte varint, so only the full
  // length and the cuts after a whole (gap, value) pair decode.
  int whole = 0;
  for (std::size_t n = 1; n < bytes.size(); ++n) {
    kpi_counters part;
    const auto s = storage::decode_kpi_into(std::string_view(bytes.data(), n), part);
    CHECK((s.is_ok() || s.error_code() == storage::status::code::corruption));
    if (s.is_ok()) ++whole;
  }
  CHECK(whole == 7);  // after the version and after each of the first six fields
  // Ids past 32 bits.
  std::string wide(1, '\x01');
  storage::wire::put_varint(wide, std::uint64_t{1} << 32);
  storage::wire::put_varint(wide, 2);
  CHECK(storage::decode_kpi_into(wide, c).error_code() == storage::status::code::corruption);
}

TEST_CASE("any bytes decode to a KPI row or to corruption", "[kpi_codec]") {
  std::mt19937_64 rng(20261201);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 64);
  const auto valid = storage::encode_kpi(sample_row());
  int ok = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string bytes;
    if (i % 2 == 0) {
      const int n = length(rng);
      for (int k = 0; k < n; ++k) bytes.push_back(static_cast<char>(byte(rng)));
      if (i % 4 == 0 && !bytes.empty()) bytes[0] = '\x01';  // past the version check
    } else {
      bytes = valid;  // a valid row with a few bytes flipped
      for (int k = 0; k < 3; ++k)
        bytes[static_cast<std::size_t>(byte(rng)) % bytes.size()] =
            static_cast<char>(byte(rng));
    }
    kpi_counters c;
    const auto s = storage::decode_kpi_into(bytes, c);
    REQUIRE((s.is_ok() || s.error_code() == storage::status::code::corruption));
    if (s.is_ok()) {
      ++ok;
      CHECK(decoded(storage::encode_kpi(c)) == c);  // what decodes re-encodes
    }
  }
  CHECK(ok > 0);
}

TEST_CASE("a KPI journal entry round-trips and adds to what it is decoded into",
          "[kpi_codec]") {
  std::map<std::string, kpi_counters> rows;
  rows["d/node:3706/20261118"] = sample_row();
  rows["n/department:city.water"].add(domain::kpi_field::open_now, 1);
  rows["n/node:370602"] = {};  // an empty row is kept as a key with no fields
  std::map<std::string, kpi_counters> back;
  REQUIRE(storage::decode_kpi_journal_into(storage::encode_kpi_journal(rows), back).is_ok());
  CHECK(back == rows);
  // Decoding again adds (the sample row's extremes would overflow: only the small row).
  std::map<std::string, kpi_counters> small{
      {"n/department:city.water", rows["n/department:city.water"]}};
  REQUIRE(storage::decode_kpi_journal_into(storage::encode_kpi_journal(small), back).is_ok());
  CHECK(back["n/department:city.water"].get(domain::kpi_field::open_now) == 2);
  CHECK(back["d/node:3706/20261118"] == sample_row());
  CHECK(storage::encode_kpi_journal({}) == std::string(1, '\x01'));
}

TEST_CASE("any bytes decode to a KPI journal entry or to corruption", "[kpi_codec]") {
  std::map<std::string, kpi_counters> rows;
  rows["d/node:3706/20261118"] = sample_row();
  rows["n/node:370602"].add(domain::kpi_field::overdue_now, -1);
  const auto valid = storage::encode_kpi_journal(rows);
  std::map<std::string, kpi_counters> out;
  CHECK(storage::decode_kpi_journal_into("", out).error_code() ==
        storage::status::code::corruption);
  CHECK(storage::decode_kpi_journal_into("\x02", out).error_code() ==
        storage::status::code::corruption);
  std::mt19937_64 rng(20261207);
  std::uniform_int_distribution<int> byte(0, 255);
  int ok = 0;
  for (std::size_t n = 0; n < valid.size(); ++n) {  // every cut
    out.clear();
    ok += storage::decode_kpi_journal_into(std::string_view(valid.data(), n), out).is_ok();
  }
  CHECK(ok == 2);  // after the version byte and after the first entry
  for (int i = 0; i < 5000; ++i) {
    auto bytes = valid;
    for (int k = 0; k < 3; ++k)
      bytes[static_cast<std::size_t>(byte(rng)) % bytes.size()] = static_cast<char>(byte(rng));
    out.clear();
    const auto s = storage::decode_kpi_journal_into(bytes, out);
    REQUIRE((s.is_ok() || s.error_code() == storage::status::code::corruption));
  }
}
