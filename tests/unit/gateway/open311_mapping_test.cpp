// gateway/open311/open311_mapping: the catalogue as services, cases as requests.
#include <catch2/catch.hpp>

#include <string>

#include "actors/domain/iso_time.hpp"
#include "gateway/open311/open311_mapping.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops;
using namespace cityops::gateway::open311;
using domain::case_status;

namespace {

const config::city_model& city() {
  static const auto c = testing::make_test_city();
  return c;
}

constexpr std::int64_t t0 = 1'795'000'000'000;  // 2026-11-18 19:06:40 +08:00

domain::case_record sample() {
  domain::case_record r;
  r.id = "9900-20261118-000001";
  r.category = "0601";
  r.status = case_status::dispatched;
  r.node = "990001001";
  r.department = "990001001.squad";
  r.location_path = {"9900", "990001", "990001001", "990001001001"};
  r.created_ms = t0;
  r.updated_ms = t0 + 60'000;
  r.deadline_ms = t0 + 2 * domain::ms_per_day;
  r.report.text = "流动摊贩占道经营";
  r.report.has_location = true;
  r.report.lat = 37.512;
  r.report.lon = 121.412;
  r.report.media = {"https://img.example/a.jpg", "https://img.example/b.jpg"};
  return r;
}

domain::case_event event(domain::event_type type, std::string reason = {},
                         std::string result = {}) {
  domain::case_event e;
  e.type = type;
  e.reason = std::move(reason);
  e.result = std::move(result);
  return e;
}

}  // namespace

TEST_CASE("status: closed, followed_up, rejected and merged are closed, the rest open",
          "[gateway][open311][mapping]") {
  for (auto s : {case_status::closed, case_status::followed_up, case_status::rejected,
                 case_status::merged})
    CHECK(open311_status(s) == "closed");
  for (auto s : {case_status::reported, case_status::verified, case_status::accepted,
                 case_status::dispatched, case_status::returned, case_status::escalated,
                 case_status::in_progress, case_status::handled, case_status::inspected})
    CHECK(open311_status(s) == "open");
}

TEST_CASE("services: one per minor category, grouped by major", "[gateway][open311][mapping]") {
  const auto doc = service_list(city());
  CHECK(doc.name == "services");
  CHECK(doc.item_name == "service");
  REQUIRE(doc.children.size() == city().categories().size());
  const auto json = to_json(doc);
  CHECK(json.find(R"({"service_code":"0101","service_name":"井盖","description":"公共设施：井盖，处理时限 24 小时",)"
                  R"("metadata":true,"type":"realtime","keywords":"井盖","group":"公共设施"})") !=
        std::string::npos);
  CHECK(json.find(R"("description":"市容环境：暴露垃圾，处理时限 3 个工作日")") != std::string::npos);
  const auto xml = to_xml(doc);
  CHECK(xml.find("<service_code>0601</service_code>") != std::string::npos);
  CHECK(xml.find("<group>街面秩序</group>") != std::string::npos);
}

TEST_CASE("service definition: the optional priority attribute", "[gateway][open311][mapping]") {
  const auto json = to_json(service_definition(*city().find_category("0301")));
  CHECK(json.rfind(R"({"service_code":"0301","attributes":[{"variable":true,"code":"priority",)"
                   R"("datatype":"singlevaluelist","required":false,)",
                   0) == 0);
  CHECK(json.find(R"("order":1)") != std::string::npos);
  CHECK(json.find(R"("values":[{"key":"normal","name":"一般"},{"key":"urgent","name":"紧急"}])") !=
        std::string::npos);
  const auto xml = to_xml(service_definition(*city().find_category("0301")));
  CHECK(xml.find("<attributes>\n    <attribute>\n      <variable>true</variable>") !=
        std::string::npos);
  CHECK(xml.find("<values>\n        <value>\n          <key>normal</key>") != std::string::npos);
}

TEST_CASE("request: every field of an open case", "[gateway][open311][mapping]") {
  auto r = sample();
  r.history = {event(domain::event_type::reported),
               event(domain::event_type::dispatched, "centre routed it to the street squad")};
  const auto json = to_json(request_element(r, city()));
  const std::string expected =
      std::string(R"({"service_request_id":"9900-20261118-000001","status":"open",)") +
      R"("status_notes":"centre routed it to the street squad","service_name":"占道经营",)" +
      R"("service_code":"0601","description":"流动摊贩占道经营",)" +
      R"("agency_responsible":"一街道综合执法中队",)" +
      R"("service_notice":"承办单位：一街道综合执法中队；预计办结时间：)" +
      domain::format_iso8601(r.deadline_ms) + R"(",)" + R"("requested_datetime":")" +
      domain::format_iso8601(t0) + R"(","updated_datetime":")" +
      domain::format_iso8601(t0 + 60'000) + R"(","expected_datetime":")" +
      domain::format_iso8601(r.deadline_ms) + R"(",)" + R"("address":"甲社区, 一街道, 测试区, 测试市",)" +
      R"("address_id":null,"zipcode":null,"lat":37.512,"long":121.412,)" +
      R"("media_url":"https://img.example/a.jpg"})";
  CHECK(json == expected);
  CHECK(domain::format_iso8601(t0) == "2026-11-18T19:06:40.000+08:00");
}

TEST_CASE("request: a closed case, no location, no department, unclassified",
          "[gateway][open311][mapping]") {
  auto r = sample();
  r.status = case_status::closed;
  r.department.clear();
  r.deadline_ms = 0;
  r.report.has_location = false;
  r.report.address = "幸福路 12 号 & 北门";
  r.report.media.clear();
  r.category.clear();
  r.history = {event(domain::event_type::reported),
               event(domain::event_type::handled, "", "摊贩已劝离"),
               event(domain::event_type::inspected), event(domain::event_type::closed)};
  const auto e = request_element(r, city());
  const auto json = to_json(e);
  CHECK(json.find(R"("status":"closed","status_notes":"摊贩已劝离","service_name":null,)"
                  R"("service_code":"",)") != std::string::npos);
  CHECK(json.find(R"("agency_responsible":null,"service_notice":null,)") != std::string::npos);
  CHECK(json.find(R"("expected_datetime":null,"address":"幸福路 12 号 & 北门",)") !=
        std::string::npos);
  CHECK(json.find(R"("lat":null,"long":null,"media_url":null})") != std::string::npos);
  const auto xml = to_xml(request_list({r}, city()));
  CHECK(xml.find("<service_requests>\n  <request>\n") != std::string::npos);
  CHECK(xml.find("<address>幸福路 12 号 &amp; 北门</address>") != std::string::npos);
  CHECK(xml.find("<lat/>") != std::string::npos);
  CHECK(xml.find("<expected_datetime/>") != std::string::npos);
}

TEST_CASE("status notes: the latest reason or result, merges name the case",
          "[gateway][open311][mapping]") {
  auto r = sample();
  CHECK(status_notes(r).empty());  // a listing snapshot has no history
  r.history = {event(domain::event_type::reported)};
  CHECK(status_notes(r).empty());
  r.history.push_back(event(domain::event_type::returned, "不属于本单位"));
  r.history.push_back(event(domain::event_type::started));
  CHECK(status_notes(r) == "不属于本单位");
  auto merged = event(domain::event_type::merged);
  merged.into = "9900-20261118-000000";
  r.history.push_back(merged);
  r.status = case_status::merged;
  CHECK(status_notes(r) == "duplicate of 9900-20261118-000000");
  r.history.back().reason = "重复上报";
  CHECK(status_notes(r) == "duplicate of 9900-20261118-000000: 重复上报");
  r.history.clear();
  r.merged_into = "9900-20261118-000000";
  CHECK(status_notes(r) == "duplicate of 9900-20261118-000000");
}

TEST_CASE("request: descriptions are cut to 4,000 characters", "[gateway][open311][mapping]") {
  auto r = sample();
  r.report.text.clear();
  for (int i = 0; i < 4100; ++i) r.report.text += "井";
  const auto e = request_element(r, city());
  const auto& d = e.children.at(5);
  REQUIRE(d.name == "description");
  CHECK(d.text.size() == 4000 * 3);
}

TEST_CASE("created and token responses", "[gateway][open311][mapping]") {
  auto r = sample();
  r.status = case_status::reported;
  CHECK(to_json(created_list(r, city())) ==
        R"([{"service_request_id":"9900-20261118-000001","service_notice":"承办单位：一街道综合执法中队；预计办结时间：)" +
            domain::format_iso8601(r.deadline_ms) + R"(","account_id":null}])");
  CHECK(to_xml(created_list(r, city())).find("<account_id/>") != std::string::npos);
  CHECK(to_json(token_list("9900-20261118-000001", "9900-20261118-000001")) ==
        R"([{"service_request_id":"9900-20261118-000001","token":"9900-20261118-000001"}])");
}

TEST_CASE("request ids: digits with two dashes", "[gateway][open311][mapping]") {
  CHECK(cityops::domain::plausible_case_id("3706-20261118-000001"));
  CHECK_FALSE(cityops::domain::plausible_case_id("3706-20261118"));
  CHECK_FALSE(cityops::domain::plausible_case_id("abc"));
  CHECK_FALSE(cityops::domain::plausible_case_id(""));
  CHECK_FALSE(cityops::domain::plausible_case_id("3706-2026-11-18"));
}
