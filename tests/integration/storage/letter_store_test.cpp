// storage::letter_store over a real RocksDB: the codec round trip, numbering per kind and
// year that survives a reopen, replies moving the status index, scoped listings.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "actors/domain/iso_time.hpp"
#include "storage/event_store.hpp"
#include "storage/letter_codec.hpp"
#include "storage/letter_store.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops;
using domain::letter_kind;
using domain::letter_status;

namespace {

domain::risk_letter draft_letter(letter_kind kind, const char* when) {
  domain::risk_letter l;
  l.kind = kind;
  l.issued_ms = *domain::parse_iso8601(when);
  l.year = domain::local_year(l.issued_ms);
  l.issuer = "烟台市城运中心";
  l.department = "370602001.street_law_enforcement";
  l.department_name = "向阳街道综合行政执法队";
  l.alert_id = "3706-20260210-7-e4";
  l.alert_kind_of = domain::alert_kind::supervised;
  l.alert_level_of = domain::alert_level::orange;
  l.facts = "群众反复投诉 <占道>";
  l.alert_message = "case is supervised";
  l.evidence = "3 reports";
  l.case_ids = {"3706-20260210-7", "3706-20260210-8"};
  l.issued_by = "sup-1";
  l.reply_due_ms = l.issued_ms + 72 * domain::ms_per_hour;
  l.scope_nodes = {"3706", "370602", "370602001"};
  return l;
}

struct store_fixture {
  testing::temp_dir dir;
  std::unique_ptr<storage::event_store> events;
  std::unique_ptr<storage::letter_store> letters;
  store_fixture() { open(); }
  void open() {
    REQUIRE(storage::event_store::open(dir.path(), storage::store_options{}, events).is_ok());
    REQUIRE(storage::letter_store::open(*events, letters).is_ok());
  }
  void reopen() {
    letters.reset();
    events.reset();
    open();
  }
  domain::risk_letter issue(letter_kind kind, const char* when) {
    auto l = draft_letter(kind, when);
    REQUIRE(letters->issue(l).is_ok());
    return l;
  }
  storage::letter_page list(std::optional<letter_status> s, domain::alert_scope scope = {},
                            std::size_t limit = 100, const std::string& cursor = "") {
    storage::letter_page page;
    REQUIRE(letters->list({s, std::move(scope)}, cursor, limit, page).is_ok());
    return page;
  }
};

}  // namespace

TEST_CASE("letter codec round trip", "[letter_store]") {
  auto l = draft_letter(letter_kind::reminder, "2026-03-01T10:00:00+08:00");
  domain::number_letter(l, 3);
  l.status = letter_status::replied;
  l.reply_text = "已整改";
  l.replied_by = "dept-xy";
  l.replied_ms = l.issued_ms + 1000;
  domain::risk_letter back;
  REQUIRE(storage::decode_letter(storage::encode_letter(l), back).is_ok());
  CHECK(storage::encode_letter(back) == storage::encode_letter(l));
  CHECK(back.id == "2026-R3");
  CHECK(back.case_ids == l.case_ids);
  CHECK(back.scope_nodes == l.scope_nodes);
  CHECK(back.alert_level_of == domain::alert_level::orange);
  CHECK(back.status == letter_status::replied);
  CHECK(back.replied_ms == l.replied_ms);
  auto bytes = storage::encode_letter(l);
  bytes[0] = 9;
  CHECK(storage::decode_letter(bytes, back).error_code() == storage::status::code::unsupported);
  CHECK(storage::decode_letter(storage::encode_letter(l).substr(0, 5), back).error_code() ==
        storage::status::code::corruption);
}

TEST_CASE("letters are numbered per kind and year, durably", "[letter_store]") {
  store_fixture f;
  CHECK(f.issue(letter_kind::warning, "2026-02-10T09:00:00+08:00").title ==
        "烟台市城运中心 预警函〔2026〕第1期");
  CHECK(f.issue(letter_kind::warning, "2026-02-11T09:00:00+08:00").id == "2026-W2");
  CHECK(f.issue(letter_kind::reminder, "2026-02-11T10:00:00+08:00").id == "2026-R1");
  f.reopen();
  CHECK(f.issue(letter_kind::warning, "2026-05-01T09:00:00+08:00").id == "2026-W3");
  // A new year starts again at 1 (local year: 2026-12-31T16:30Z is 2027 in UTC+8).
  CHECK(f.issue(letter_kind::warning, "2026-12-31T16:30:00Z").id == "2027-W1");
  std::uint32_t last = 0;
  REQUIRE(f.letters->last_number(2026, letter_kind::warning, last).is_ok());
  CHECK(last == 3);
  domain::risk_letter got;
  REQUIRE(f.letters->get("2026-W2", got).is_ok());
  CHECK(got.number == 2);
  CHECK(f.letters->get("2026-W9", got).is_not_found());
}

TEST_CASE("listings: newest first, by status, scoped — a reply moves the status entry",
          "[letter_store]") {
  store_fixture f;
  f.issue(letter_kind::warning, "2026-02-10T09:00:00+08:00");
  auto second = f.issue(letter_kind::warning, "2026-02-11T09:00:00+08:00");
  auto all = f.list(std::nullopt);
  REQUIRE(all.items.size() == 2);
  CHECK(all.items[0].id == "2026-W2");
  CHECK(f.list(letter_status::issued).items.size() == 2);
  second.status = letter_status::replied;
  second.reply_text = "已办";
  REQUIRE(f.letters->put(second).is_ok());
  CHECK(f.list(letter_status::issued).items.size() == 1);
  auto replied = f.list(letter_status::replied);
  REQUIRE(replied.items.size() == 1);
  CHECK(replied.items[0].reply_text == "已办");
  CHECK(f.list(std::nullopt, {"370602", ""}).items.size() == 2);
  CHECK(f.list(std::nullopt, {"370613", ""}).items.empty());
  CHECK(f.list(std::nullopt, {"", "other.dept"}).items.empty());
  auto page = f.list(std::nullopt, {}, 1);
  REQUIRE(page.items.size() == 1);
  REQUIRE_FALSE(page.next_cursor.empty());
  auto rest = f.list(std::nullopt, {}, 1, page.next_cursor);
  REQUIRE(rest.items.size() == 1);
  CHECK(rest.items[0].id == "2026-W1");
}
