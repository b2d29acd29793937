// The risk mark of a report (report_details::risk) in storage/event_codec: it round-trips in
// the `reported` event and in the snapshot, and a report without one encodes as before.
#include <catch2/catch.hpp>

#include "storage/event_codec.hpp"

using namespace cityops;

namespace {

domain::risk_mark sample_mark() {
  domain::risk_mark m;
  m.words = {"跳楼", "拉横幅", "找记者"};
  m.word_class = "extreme_demand";
  m.class_name = "极端诉求";
  m.severity = 4;
  return m;
}

void check_same_mark(const domain::risk_mark& a, const domain::risk_mark& b) {
  CHECK(a.words == b.words);
  CHECK(a.word_class == b.word_class);
  CHECK(a.class_name == b.class_name);
  CHECK(a.severity == b.severity);
}

}  // namespace

TEST_CASE("a report's risk mark round-trips in the event and the snapshot",
          "[storage][codec][risk]") {
  domain::case_event e;
  e.seq = 1;
  e.report.text = "再不解决我就去市政府门口拉横幅 跳 楼";
  e.report.priority = domain::case_priority::urgent;
  e.report.risk = sample_mark();
  domain::case_event back;
  REQUIRE(storage::decode_event(storage::encode_event(e), back).is_ok());
  check_same_mark(back.report.risk, e.report.risk);
  CHECK(back.report.priority == domain::case_priority::urgent);

  domain::case_record r;
  r.id = "3706-20261128-000001";
  r.report = e.report;
  domain::case_record snapshot;
  REQUIRE(storage::decode_snapshot(storage::encode_snapshot(r), snapshot).is_ok());
  check_same_mark(snapshot.report.risk, r.report.risk);
}

TEST_CASE("a report without a risk mark encodes no risk field", "[storage][codec][risk]") {
  domain::case_event plain;
  plain.report.text = "路灯不亮";
  auto marked = plain;
  marked.report.risk = sample_mark();
  const auto a = storage::encode_event(plain);
  const auto b = storage::encode_event(marked);
  CHECK(b.size() > a.size());
  // The plain record is a prefix in content: the mark's fields come after the others.
  CHECK(b.compare(2, a.size() - 2, a, 2) == 0);
  domain::case_event back;
  REQUIRE(storage::decode_event(a, back).is_ok());
  CHECK(back.report.risk.empty());
  CHECK(back.report.risk.severity == 0);
}
