// gateway/open311/open311_request: the POST requests form and the GET requests query.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <variant>

#include "actors/domain/iso_time.hpp"
#include "gateway/open311/open311_request.hpp"
#include "gateway/reporter_hash.hpp"
#include "config/city_loader.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops;
using namespace cityops::gateway::open311;

namespace {

const config::city_model& city() {
  static const auto c = testing::make_test_city();
  return c;
}

constexpr std::string_view salt = "test-salt";

form_data form(std::string_view body) {
  auto r = parse_form(body);
  REQUIRE(std::holds_alternative<form_data>(r));
  return std::get<form_data>(r);
}

domain::new_case report(std::string_view body) {
  auto r = parse_service_request(form(body), city(), salt);
  if (auto* e = std::get_if<std::vector<error_item>>(&r)) {
    for (const auto& x : *e) UNSCOPED_INFO(x.code << " " << x.description);
    FAIL("refused: " << body);
  }
  return std::get<domain::new_case>(r);
}

std::vector<error_item> refused(std::string_view body) {
  auto r = parse_service_request(form(body), city(), salt);
  REQUIRE(std::holds_alternative<std::vector<error_item>>(r));
  return std::get<std::vector<error_item>>(r);
}

bool mentions(const std::vector<error_item>& errors, int code, std::string_view word) {
  for (const auto& e : errors)
    if (e.code == code && e.description.find(word) != std::string::npos) return true;
  return false;
}

using params = std::multimap<std::string, std::string>;
constexpr std::int64_t now = 1'795'000'000'000;
constexpr std::int64_t day = domain::ms_per_day;

request_filter filter(const params& p) {
  auto r = parse_request_filter(p, city(), now);
  if (auto* e = std::get_if<std::vector<error_item>>(&r)) {
    for (const auto& x : *e) UNSCOPED_INFO(x.code << " " << x.description);
    FAIL("refused");
  }
  return std::get<request_filter>(r);
}

std::vector<error_item> filter_refused(const params& p) {
  auto r = parse_request_filter(p, city(), now);
  REQUIRE(std::holds_alternative<std::vector<error_item>>(r));
  return std::get<std::vector<error_item>>(r);
}

}  // namespace

TEST_CASE("POST form: the spec's example becomes an open311 case at lat/long",
          "[gateway][open311][request]") {
  const auto n = report(
      "api_key=xyz&jurisdiction_id=city.gov&service_code=0601&lat=37.512&long=121.412"
      "&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111"
      "&account_id=123456&first_name=john&last_name=smith&phone=111111111"
      "&description=A+large+sinkhole+is+destroying+the+street"
      "&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg");
  CHECK(n.source == domain::case_source::open311);
  CHECK(n.category == "0601");
  REQUIRE(n.lat);
  CHECK(*n.lat == Approx(37.512));
  CHECK(*n.lon == Approx(121.412));
  CHECK(n.node.empty());  // the nearest community is found at intake
  CHECK(n.address == "1234 5th street");
  CHECK(n.text == "A large sinkhole is destroying the street");
  CHECK(n.media == std::vector<std::string>{
                       "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg"});
  CHECK(n.reporter_name == "john smith <smit333@sfgov.edu>");
  CHECK(n.reporter_hash == gateway::hash_phone(salt, "111111111"));
  CHECK(n.priority == domain::case_priority::normal);
}

TEST_CASE("POST form: only address_string places the case at the city node",
          "[gateway][open311][request]") {
  const auto n = report("service_code=0301&address_string=%E5%B9%B8%E7%A6%8F%E8%B7%AF12%E5%8F%B7"
                        "&description=garbage");
  CHECK(n.node == "9900");
  CHECK_FALSE(n.lat);
  CHECK(n.address == "幸福路12号");
  CHECK(n.reporter_name.empty());
  CHECK(n.reporter_hash.empty());
}

TEST_CASE("POST form: attributes set the priority or become the text",
          "[gateway][open311][request]") {
  auto n = report("service_code=0101&lat=37.5&long=121.4&description=hole&attribute[priority]=urgent");
  CHECK(n.priority == domain::case_priority::urgent);
  CHECK(n.text == "hole");
  n = report("service_code=0101&lat=37.5&long=121.4&description=hole"
             "&attribute[size]=large&attribute[sides][]=north&attribute[sides][]=east");
  CHECK(n.text == "hole\n\nsize: large\nsides: north, east");
  n = report("service_code=0101&lat=37.5&long=121.4&attribute[priority]=urgent&attribute[size]=large");
  CHECK(n.priority == domain::case_priority::urgent);
  CHECK(n.text == "priority: urgent\nsize: large");
  CHECK(mentions(refused("service_code=0101&lat=37.5&long=121.4&description=x&attribute[priority]=high"),
                 400, "attribute[priority]"));
  CHECK(mentions(refused("service_code=0101&lat=37.5&long=121.4&description=x&attribute[]=1"), 400,
                 "attribute[]"));
}

TEST_CASE("POST form: every problem is listed, 404 for an unknown service_code",
          "[gateway][open311][request]") {
  auto e = refused("");
  CHECK(mentions(e, 400, "service_code was not provided"));
  CHECK(mentions(e, 400, "location is required"));
  CHECK(mentions(e, 400, "description was not provided"));
  e = refused("service_code=9999&lat=37.5&long=121.4&description=x");
  REQUIRE(e.size() == 1);
  CHECK(e[0].code == 404);
  CHECK(e[0].description.find("'9999'") != std::string::npos);
  CHECK(mentions(refused("service_code=0101&lat=37.5&description=x"), 400, "lat and long"));
  CHECK(mentions(refused("service_code=0101&lat=91&long=121&description=x"), 400, "lat"));
  CHECK(mentions(refused("service_code=0101&lat=north&long=121&description=x"), 400, "lat"));
  CHECK(mentions(refused("service_code=0101&lat=37&long=181&description=x"), 400, "long"));
  CHECK(mentions(refused("service_code=0101&address_id=545483&description=x"), 400, "address_id"));
  CHECK(mentions(refused("service_code=0101&lat=37&long=121&description=x&media_url=ftp://x"), 400,
                 "media_url"));
  CHECK(mentions(refused("service_code=0101&lat=37&long=121&description=x&phone=12"), 400, "phone"));
  CHECK(mentions(refused("service_code=0101&lat=37&long=121&description=x&email=nobody"), 400,
                 "email"));
  CHECK(mentions(refused("service_code=0101&lat=37&long=121&description=+++"), 400, "description"));
}

TEST_CASE("POST form: descriptions up to 4,000 characters (and 8,000 bytes)",
          "[gateway][open311][request]") {
  const std::string ascii(4000, 'x');
  CHECK(report("service_code=0101&lat=37&long=121&description=" + ascii).text == ascii);
  CHECK(mentions(refused("service_code=0101&lat=37&long=121&description=" + ascii + "x"), 400,
                 "4000 characters"));
  std::string wide;  // 2,700 characters of 3 bytes: within the spec, over our 8,000 bytes
  for (int i = 0; i < 2700; ++i) wide += "%E4%BA%95";
  CHECK(mentions(refused("service_code=0101&lat=37&long=121&description=" + wide), 400, "bytes"));
}

TEST_CASE("GET filter: service_request_id overrides everything", "[gateway][open311][request]") {
  const auto f = filter({{"service_request_id", "9900-20261118-000002, 9900-20261118-000001,bogus"},
                         {"service_request_id", "9900-20261118-000002"},
                         {"status", "nonsense"}});
  CHECK(f.by_id);
  CHECK(f.ids == std::vector<std::string>{"9900-20261118-000002", "9900-20261118-000001"});
  std::string many;
  for (int i = 0; i < 201; ++i) many += "9900-20261118-" + std::to_string(100000 + i) + ",";
  CHECK(mentions(filter_refused({{"service_request_id", many}}), 400, "at most 200"));
}

TEST_CASE("GET filter: defaults to the last 90 days, open and closed, every service",
          "[gateway][open311][request]") {
  const auto f = filter({{"jurisdiction_id", "yantai.gov.cn"}, {"page_size", "10"}});
  CHECK_FALSE(f.by_id);
  CHECK(f.service_codes.empty());
  CHECK(f.want_open);
  CHECK(f.want_closed);
  CHECK(f.from_ms == now - 90 * day);
  CHECK(f.to_ms == 0);
}

TEST_CASE("GET filter: service_code and status lists", "[gateway][open311][request]") {
  auto f = filter({{"service_code", "0101,0601"}, {"status", "closed"}});
  CHECK(f.service_codes == std::vector<std::string>{"0101", "0601"});
  CHECK_FALSE(f.want_open);
  CHECK(f.want_closed);
  f = filter({{"status", "open"}, {"status", "closed"}});
  CHECK(f.want_open);
  CHECK(f.want_closed);
  CHECK(mentions(filter_refused({{"service_code", "0101,9999"}}), 400, "'9999'"));
  CHECK(mentions(filter_refused({{"status", "pending"}}), 400, "status"));

  domain::case_record r;
  r.category = "0101";
  r.status = domain::case_status::closed;
  r.created_ms = now - day;
  f = filter({{"service_code", "0101"}, {"status", "closed"}});
  CHECK(f.matches(r));
  r.status = domain::case_status::in_progress;
  CHECK_FALSE(f.matches(r));
  r.status = domain::case_status::merged;
  r.category = "0301";
  CHECK_FALSE(f.matches(r));
}

TEST_CASE("GET filter: start_date and end_date, inclusive, at most 90 days apart",
          "[gateway][open311][request]") {
  const auto start = *domain::parse_iso8601("2026-11-01T00:00:00+08:00");
  const auto end = *domain::parse_iso8601("2026-11-30T00:00:00Z");
  auto f = filter({{"start_date", "2026-11-01T00:00:00+08:00"}, {"end_date", "2026-11-30T00:00:00Z"}});
  CHECK(f.from_ms == start);
  CHECK(f.to_ms == end + 1);
  f = filter({{"start_date", "2026-11-01T00:00:00+08:00"}});
  CHECK(f.to_ms == start + 90 * day);
  f = filter({{"end_date", "2026-11-30T00:00:00Z"}});
  CHECK(f.from_ms == end + 1 - 90 * day);
  f = filter({{"start_date", "2026-11-01"}, {"end_date", "2026-11-01"}});  // that whole day
  CHECK(f.from_ms == start);
  CHECK(f.to_ms == start + day);

  domain::case_record r;
  r.created_ms = start;
  CHECK(f.matches(r));
  r.created_ms = start + day;
  CHECK_FALSE(f.matches(r));

  CHECK(mentions(filter_refused({{"start_date", "yesterday"}}), 400, "start_date"));
  CHECK(mentions(filter_refused({{"end_date", "2026-13-01T00:00:00Z"}}), 400, "end_date"));
  CHECK(mentions(filter_refused({{"start_date", "2026-11-30T00:00:00Z"},
                                 {"end_date", "2026-11-01T00:00:00Z"}}),
                 400, "earlier"));
  CHECK(mentions(filter_refused({{"start_date", "2026-01-01T00:00:00Z"},
                                 {"end_date", "2026-11-01T00:00:00Z"}}),
                 400, "90 days"));
}

TEST_CASE("POST form: a city with a district map refuses a point outside it",
          "[gateway][open311]") {
  const auto& yantai = config::default_city().city;
  auto r = parse_service_request(form("service_code=0601&lat=38.5&long=120.0&description=x"),
                                 yantai, salt);
  REQUIRE(std::holds_alternative<std::vector<error_item>>(r));
  CHECK(mentions(std::get<std::vector<error_item>>(r), 400, "lat and long lie outside"));
  r = parse_service_request(form("service_code=0601&lat=37.5379&long=121.3994&description=x"),
                            yantai, salt);
  REQUIRE(std::holds_alternative<domain::new_case>(r));
  CHECK(*std::get<domain::new_case>(r).lat == 37.5379);
}
