// Intake through HTTP on the embedded city: a 12345 call without a category comes back
// classified with a suggested category, department and deadline; the seat confirms it in one
// action; a second call about the same incident is linked to it (or flagged); the
// caller's history shows at the seat; the operator's override is a `reclassified` event.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <string>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::http_call;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::str;
using cityops::testing::temp_dir;

TEST_CASE("a hotline call is classified, confirmed, and its repeat linked", "[e2e][intake]") {
  temp_dir data;
  service_process svc(CITYOPSD_PATH, service_args(data));
  const auto addr = svc.address();
  simdjson::dom::parser p;
  const std::string call =
      R"({"source":"hotline","text":"芝罘区南大街和北马路交叉口的井盖塌陷了，污水往外冒，很危险",)"
      R"("lat":37.5393,"lon":121.3949,"reporter":{"phone":"13800000001"}})";
  auto created = http_call(addr, "POST", "/api/v1/cases", call);
  INFO(created.body);
  REQUIRE(created.status == 201);
  simdjson::dom::element c = p.parse(created.body);
  const auto id = str(c, "id");
  CHECK(str(c, "status") == "reported");
  CHECK(str(c, "intake_mode") == "suggest");
  simdjson::dom::element cls = c["classification"];
  CHECK(str(cls, "model").rfind("fasttext-", 0) == 0);
  CHECK(cls["top3"].get_array().size() == 3);
  CHECK(str(cls, "category") == "0101");
  CHECK(str(c, "category") == "0101");
  CHECK_FALSE(str(c, "deadline").empty());  // set from the category's 2-hour limit
  CHECK(int64_t(c["reporter"]["history"]["last_90_days"]) == 0);

  // The same caller again, about the same manhole: linked, and the seat sees the first call.
  auto again = http_call(addr, "POST", "/api/v1/cases",
                         R"({"source":"hotline","text":"南大街北马路路口那个井盖塌了，往外冒污水",)"
                         R"("lat":37.5394,"lon":121.3950,"reporter":{"phone":"13800000001"}})");
  INFO(again.body);
  REQUIRE(again.status == 201);
  simdjson::dom::element d = p.parse(again.body);
  const auto repeat_id = str(d, "id");
  // Linked (score >= link_score) or flagged for the operator (>= flag_score).
  const bool linked = d["duplicate_of"].is_string() && str(d, "duplicate_of") == id;
  const bool flagged = d["possible_duplicate_of"].is_string() && str(d, "possible_duplicate_of") == id;
  CHECK((linked || flagged));
  CHECK(int64_t(d["reporter"]["history"]["open"]) == 1);
  CHECK(int64_t(d["reporter"]["history"]["last_90_days"]) == 1);

  // Before saving a third call the seat previews it: the first call shows as a duplicate, the
  // caller's two cases as history, and a third case within the week would flag 一人多诉.
  // Nothing is stored (the listing by phone below still finds two cases).
  auto preview = http_call(addr, "POST", "/api/v1/intake/preview",
                           R"({"source":"hotline","text":"南大街和北马路交叉口井盖塌陷了，污水冒出来",)"
                           R"("lat":37.5393,"lon":121.3949,"reporter":{"phone":"138 0000 0001"}})");
  INFO(preview.body);
  REQUIRE(preview.status == 200);
  simdjson::dom::element v = p.parse(preview.body);
  CHECK(str(v, "category") == "0101");
  CHECK(bool(v["insight"]));
  bool first_is_duplicate = false;
  for (simdjson::dom::element m : v["duplicates"].get_array())
    if (str(m, "id") == id) first_is_duplicate = !str(m, "verdict").empty() &&
                                                 str(m, "status") == "reported" &&
                                                 !str(m, "text").empty();
  CHECK(first_is_duplicate);
  simdjson::dom::element caller = v["caller"];
  CHECK(int64_t(caller["history"]["open"]) == 2);
  CHECK(caller["cases"].get_array().size() == 2);
  CHECK(str(caller["cases"].at(0), "id") == repeat_id);  // newest first
  CHECK(int64_t(caller["repeat"]["in_window"]) == 2);
  CHECK(bool(caller["repeat"]["would_flag"]));
  CHECK(v["dispatch"]["department"].is_string());
  CHECK(v["dispatch"]["options"].get_array().size() > 0);
  auto no_text = http_call(addr, "POST", "/api/v1/intake/preview",
                           R"({"source":"hotline","lat":37.5393,"lon":121.3949})");
  CHECK(no_text.status == 400);
  CHECK(cityops::testing::error_field(no_text, "field") == "text");

  // The seat confirms with one action; an override would be a reclassified event first.
  auto confirmed = http_call(addr, "POST", "/api/v1/cases/" + id + "/actions/confirm",
                             R"({"by":"seat-7","category":"0202"})");
  INFO(confirmed.body);
  REQUIRE(confirmed.status == 200);
  simdjson::dom::element k = p.parse(confirmed.body);
  std::vector<std::string> types;
  for (simdjson::dom::element h : k["history"].get_array()) types.push_back(str(h, "type"));
  CHECK(types == std::vector<std::string>{"reported", "reclassified", "verified", "accepted"});
  simdjson::dom::element re = k["history"].at(1);
  CHECK(str(re, "from") == "0101");
  CHECK(str(re, "to") == "0202");
  CHECK(str(re, "by") == "seat-7");

  // The seat's views: the caller's cases, the classification queue, dispatch ranking, similar.
  auto by_phone = http_call(addr, "GET", "/api/v1/cases?reporter_phone=138-0000-0001");
  REQUIRE(by_phone.status == 200);
  CHECK(cityops::testing::count_items(by_phone.body) == 2);
  auto bad_phone = http_call(addr, "GET", "/api/v1/cases?reporter_phone=abc");
  CHECK(bad_phone.status == 400);
  CHECK(bad_phone.body.find("reporter_phone") != std::string::npos);
  auto queue = http_call(addr, "GET", "/api/v1/cases?needs_classification=true");
  REQUIRE(queue.status == 200);
  for (simdjson::dom::element item : p.parse(queue.body)["items"].get_array())
    CHECK(bool(item["needs_classification"]));
  auto ranked = http_call(addr, "GET", "/api/v1/cases/" + id + "/dispatch-suggestions");
  INFO(ranked.body);
  REQUIRE(ranked.status == 200);
  simdjson::dom::element first_choice = p.parse(ranked.body)["items"].at(0);
  CHECK(bool(first_choice["routed"]));
  CHECK(first_choice["reasons"].get_array().size() >= 2);
  auto similar = http_call(addr, "GET", "/api/v1/cases/" + id + "/similar?k=3");
  CHECK(similar.status == 200);
  auto bad_k = http_call(addr, "GET", "/api/v1/cases/" + id + "/similar?k=0");
  CHECK(bad_k.status == 400);

  // A merge into a case that does not exist is refused, naming the field.
  auto merge = http_call(addr, "POST", "/api/v1/cases/" + repeat_id + "/actions/merge",
                         R"({"by":"seat-7","into":"3706-20200101-000001"})");
  CHECK(merge.status == 400);
  CHECK(merge.body.find("\"into\"") != std::string::npos);
}
