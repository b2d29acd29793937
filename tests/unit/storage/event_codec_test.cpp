// storage/event_codec: round trips, corruption handling, forward compatibility, and the
// stored v1 fixtures in tests/fixtures/storage/ (old data must keep decoding).
//
// The fixtures were written once by the hidden test "[.generate]" below:
//   unit_storage "[.generate]"
// Never regenerate them for format version 1: a failing fixture test means the change breaks
// data already on disk.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>

#include "storage/event_codec.hpp"
#include "storage/wire_format.hpp"

using namespace cityops;
using storage::status;

namespace {

const std::string fixture_dir = std::string(CITYOPS_FIXTURE_DIR) + "/storage/";

std::uint64_t bits_of(double d) {
  std::uint64_t b = 0;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

void check_same_report(const domain::report_details& a, const domain::report_details& b) {
  CHECK(a.source == b.source);
  CHECK(a.text == b.text);
  CHECK(a.category == b.category);
  CHECK(bits_of(a.lat) == bits_of(b.lat));
  CHECK(bits_of(a.lon) == bits_of(b.lon));
  CHECK(a.has_location == b.has_location);
  CHECK(a.address == b.address);
  CHECK(a.reporter_hash == b.reporter_hash);
  CHECK(a.reporter_name == b.reporter_name);
  CHECK(a.media == b.media);
  CHECK(a.priority == b.priority);
}

void check_same_event(const domain::case_event& a, const domain::case_event& b) {
  CHECK(a.seq == b.seq);
  CHECK(a.type == b.type);
  CHECK(a.at_ms == b.at_ms);
  CHECK(a.by == b.by);
  CHECK(a.status == b.status);
  CHECK(a.node == b.node);
  CHECK(a.department == b.department);
  CHECK(a.reason == b.reason);
  CHECK(a.category == b.category);
  CHECK(a.ring == b.ring);
  CHECK(a.from_node == b.from_node);
  CHECK(a.to_node == b.to_node);
  CHECK(a.result == b.result);
  CHECK(a.passed == b.passed);
  CHECK(a.satisfaction == b.satisfaction);
  CHECK(a.deadline_ms == b.deadline_ms);
  CHECK(a.into == b.into);
  check_same_report(a.report, b.report);
}

void check_same_snapshot(const domain::case_record& a, const domain::case_record& b) {
  CHECK(a.id == b.id);
  check_same_report(a.report, b.report);
  CHECK(a.category == b.category);
  CHECK(a.status == b.status);
  CHECK(a.node == b.node);
  CHECK(a.department == b.department);
  CHECK(a.tier_path == b.tier_path);
  CHECK(a.created_ms == b.created_ms);
  CHECK(a.updated_ms == b.updated_ms);
  CHECK(a.deadline_ms == b.deadline_ms);
  CHECK(a.supervised == b.supervised);
  CHECK(a.return_count == b.return_count);
  CHECK(a.rework_count == b.rework_count);
  CHECK(a.satisfaction == b.satisfaction);
  CHECK(a.merged_into == b.merged_into);
  CHECK(a.version == b.version);
}

domain::report_details full_report() {
  domain::report_details r;
  r.source = domain::case_source::hotline;
  r.text = "芝罘区幸福路12号井盖缺失，夜间有行人跌倒风险";
  r.category = "010101";
  r.lat = 37.539297;
  r.lon = 121.391382;
  r.has_location = true;
  r.address = "烟台市芝罘区幸福路12号";
  r.reporter_hash = "9f86d081884c7d659a2feaa0c55ad015";
  r.reporter_name = "王女士";
  r.media = {"media/2026/11/28/a1.jpg", "media/2026/11/28/a2.mp4", ""};
  r.priority = domain::case_priority::urgent;
  return r;
}

// Every field set (even those a real `reported` event leaves empty), so the fixture covers
// every tag of format version 1.
domain::case_event full_reported_event() {
  domain::case_event e;
  e.seq = 1;
  e.type = domain::event_type::reported;
  e.at_ms = 1795829400123;  // 2026-11-28 09:30:00.123 +08:00
  e.by = "hotline:op-017";
  e.status = domain::case_status::reported;
  e.node = "370602001001";
  e.department = "370602.urban_mgmt";
  e.reason = "市民来电";
  e.category = "010101";
  e.ring = domain::ring::small;
  e.from_node = "370602001001";
  e.to_node = "370602001";
  e.result = "已登记";
  e.passed = true;
  e.satisfaction = -2;
  e.deadline_ms = 1796119200000;  // 2026-12-01 18:00 +08:00
  e.into = "3706-20261127-000042";
  e.report = full_report();
  return e;
}

domain::case_event escalated_event() {
  domain::case_event e;
  e.seq = 4;
  e.type = domain::event_type::escalated;
  e.at_ms = 1795833000000;
  e.by = "system";
  e.status = domain::case_status::escalated;
  e.node = "370602";
  e.reason = "社区无对应处置部门";
  e.ring = domain::ring::medium;
  e.from_node = "370602001";
  e.to_node = "370602";
  e.deadline_ms = 1796205600000;
  return e;
}

domain::case_record full_snapshot() {
  domain::case_record r;
  r.id = "3706-20261128-000123";
  r.report = full_report();
  r.category = "010102";
  r.status = domain::case_status::in_progress;
  r.node = "370602001";
  r.department = "370602.urban_mgmt";
  r.tier_path = {"370602001001", "370602001", "370602"};
  r.created_ms = 1795829400123;
  r.updated_ms = 1795833000000;
  r.deadline_ms = 1796119200000;
  r.supervised = true;
  r.return_count = 2;
  r.rework_count = 1;
  r.satisfaction = -1;
  r.merged_into = "3706-20261127-000042";
  r.version = 7;
  return r;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

// The fields of an encoded record (after the version byte and body length).
std::string body_of(const std::string& record) {
  std::string_view rest(record);
  rest.remove_prefix(1);
  std::uint64_t length = 0;
  REQUIRE(storage::wire::get_varint(rest, length));
  REQUIRE(length == rest.size());
  return std::string(rest);
}

std::string frame(std::uint8_t version, const std::string& body) {
  std::string out(1, static_cast<char>(version));
  storage::wire::put_varint(out, body.size());
  return out + body;
}

}  // namespace

TEST_CASE("every event type round-trips with all its fields", "[storage][codec]") {
  for (int t = 1; t <= static_cast<int>(domain::event_type::merged); ++t) {
    auto e = full_reported_event();
    e.type = static_cast<domain::event_type>(t);
    e.status = static_cast<domain::case_status>(t % 13);
    e.ring = static_cast<domain::ring>(t % 4);
    e.passed = t % 2 == 0;
    e.satisfaction = t - 9;
    e.report.source = static_cast<domain::case_source>(t % 6);
    e.report.priority = static_cast<domain::case_priority>(t % 2);
    INFO("event type " << domain::to_string(e.type));
    domain::case_event back;
    REQUIRE(storage::decode_event(storage::encode_event(e), back).is_ok());
    check_same_event(back, e);
  }
}

TEST_CASE("a default event encodes to the frame alone and decodes to defaults",
          "[storage][codec]") {
  const domain::case_event e;
  const auto bytes = storage::encode_event(e);
  CHECK(bytes == std::string("\x01\x00", 2));
  auto back = full_reported_event();  // decode must reset every field
  REQUIRE(storage::decode_event(bytes, back).is_ok());
  check_same_event(back, e);
}

TEST_CASE("integer and double extremes round-trip", "[storage][codec]") {
  auto e = full_reported_event();
  e.seq = std::numeric_limits<std::uint32_t>::max();
  e.at_ms = std::numeric_limits<std::int64_t>::min();
  e.deadline_ms = std::numeric_limits<std::int64_t>::max();
  e.satisfaction = std::numeric_limits<std::int32_t>::min();
  e.report.lat = -0.0;
  e.report.lon = std::numeric_limits<double>::denorm_min();
  domain::case_event back;
  REQUIRE(storage::decode_event(storage::encode_event(e), back).is_ok());
  check_same_event(back, e);

  e.at_ms = -1;
  e.satisfaction = std::numeric_limits<std::int32_t>::max();
  e.report.lat = -std::numeric_limits<double>::infinity();
  e.report.lon = -121.5;
  REQUIRE(storage::decode_event(storage::encode_event(e), back).is_ok());
  check_same_event(back, e);
}

TEST_CASE("a snapshot round-trips without its history", "[storage][codec]") {
  auto r = full_snapshot();
  r.history = {full_reported_event(), escalated_event()};
  domain::case_record back;
  back.history = {escalated_event()};
  REQUIRE(storage::decode_snapshot(storage::encode_snapshot(r), back).is_ok());
  check_same_snapshot(back, r);
  CHECK(back.history.empty());

  const domain::case_record empty;
  REQUIRE(storage::decode_snapshot(storage::encode_snapshot(empty), back).is_ok());
  check_same_snapshot(back, empty);
}

TEST_CASE("truncated records are corruption at every length", "[storage][codec]") {
  const auto event = storage::encode_event(full_reported_event());
  for (std::size_t n = 0; n < event.size(); ++n) {
    domain::case_event out;
    const auto s = storage::decode_event(std::string_view(event).substr(0, n), out);
    INFO("length " << n << ": " << s.to_string());
    CHECK(s.error_code() == status::code::corruption);
  }
  const auto snapshot = storage::encode_snapshot(full_snapshot());
  for (std::size_t n = 0; n < snapshot.size(); ++n) {
    domain::case_record out;
    const auto s = storage::decode_snapshot(std::string_view(snapshot).substr(0, n), out);
    INFO("length " << n << ": " << s.to_string());
    CHECK(s.error_code() == status::code::corruption);
  }
}

TEST_CASE("trailing bytes and malformed fields are corruption", "[storage][codec]") {
  domain::case_event out;
  const auto good = storage::encode_event(escalated_event());
  CHECK(storage::decode_event(good + "x", out).error_code() == status::code::corruption);

  std::string body;
  storage::wire::field_writer w(body);
  SECTION("double of the wrong size") { w.bytes(35, "1234567"); }
  SECTION("enum out of range") { w.uint(2, 200); }
  SECTION("event type 0") { w.uint(2, 0); }
  SECTION("bool other than 0/1") { w.uint(14, 2); }
  SECTION("seq wider than 32 bits") { w.uint(1, std::uint64_t{1} << 32); }
  SECTION("satisfaction wider than 32 bits") { w.sint(15, std::int64_t{1} << 40); }
  SECTION("varint value with trailing bytes") { w.bytes(1, std::string("\x05\x05", 2)); }
  SECTION("tag 0") { body = std::string("\x00\x00", 2); }
  SECTION("overlong varint") { body = std::string(11, '\x80'); }
  SECTION("length past the end") { body = "\x04\x7fshort"; }
  const auto s = storage::decode_event(frame(1, body), out);
  INFO(s.to_string());
  CHECK(s.error_code() == status::code::corruption);
  CHECK_FALSE(s.message().empty());
}

TEST_CASE("format versions: 0 is corruption, newer is unsupported", "[storage][codec]") {
  domain::case_event e;
  domain::case_record r;
  CHECK(storage::decode_event(frame(0, ""), e).error_code() == status::code::corruption);
  CHECK(storage::decode_event(frame(2, ""), e).error_code() == status::code::unsupported);
  CHECK(storage::decode_snapshot(frame(9, ""), r).error_code() == status::code::unsupported);
  CHECK(storage::decode_event("", e).error_code() == status::code::corruption);
}

TEST_CASE("unknown tags are skipped", "[storage][codec]") {
  const auto original = escalated_event();
  std::string body;
  storage::wire::field_writer w(body);
  w.bytes(1000, "a field added by a newer binary");
  w.uint(99, 12345);
  w.bytes(31, "");
  body += body_of(storage::encode_event(original));
  w.float64(4'000'000'000u, 1.5);
  domain::case_event back;
  const auto s = storage::decode_event(frame(1, body), back);
  INFO(s.to_string());
  REQUIRE(s.is_ok());
  check_same_event(back, original);

  domain::case_record snap;
  std::string snap_body;
  storage::wire::field_writer sw(snap_body);
  sw.bytes(77, "future");
  snap_body += body_of(storage::encode_snapshot(full_snapshot()));
  REQUIRE(storage::decode_snapshot(frame(1, snap_body), snap).is_ok());
  check_same_snapshot(snap, full_snapshot());
}

TEST_CASE("garbage and bit flips never crash the decoder", "[storage][codec]") {
  std::mt19937 rng(20261128);
  const auto check = [](std::string_view bytes) {
    domain::case_event e;
    domain::case_record r;
    const auto a = storage::decode_event(bytes, e);
    const auto b = storage::decode_snapshot(bytes, r);
    for (const auto& s : {a, b})
      CHECK((s.is_ok() || s.error_code() == status::code::corruption ||
             s.error_code() == status::code::unsupported));
  };
  for (int i = 0; i < 20000; ++i) {
    std::string bytes(rng() % 64, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng());
    if (!bytes.empty() && i % 2 == 0) bytes[0] = 1;  // get past the version byte
    check(bytes);
  }
  const auto good = storage::encode_event(full_reported_event());
  for (std::size_t i = 0; i < good.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      auto bytes = good;
      bytes[i] = static_cast<char>(bytes[i] ^ (1 << bit));
      check(bytes);
    }
}

TEST_CASE("stored v1 fixtures still decode", "[storage][codec][fixture]") {
  domain::case_event reported;
  const auto s1 = storage::decode_event(read_file(fixture_dir + "event_v1.bin"), reported);
  INFO(s1.to_string());
  REQUIRE(s1.is_ok());
  check_same_event(reported, full_reported_event());

  domain::case_event escalated;
  const auto s2 =
      storage::decode_event(read_file(fixture_dir + "event_v1_escalated.bin"), escalated);
  INFO(s2.to_string());
  REQUIRE(s2.is_ok());
  check_same_event(escalated, escalated_event());

  domain::case_record snapshot;
  const auto s3 = storage::decode_snapshot(read_file(fixture_dir + "snapshot_v1.bin"), snapshot);
  INFO(s3.to_string());
  REQUIRE(s3.is_ok());
  check_same_snapshot(snapshot, full_snapshot());
}

// Run explicitly: unit_storage "[.generate]". Only for a new format version's fixtures.
TEST_CASE("generate the v1 fixtures", "[.generate]") {
  write_file(fixture_dir + "event_v1.bin", storage::encode_event(full_reported_event()));
  write_file(fixture_dir + "event_v1_escalated.bin", storage::encode_event(escalated_event()));
  write_file(fixture_dir + "snapshot_v1.bin", storage::encode_snapshot(full_snapshot()));
}
