// End to end with the built binary: an Open311 GeoReport v2 client lists the services (XML and
// JSON), reads a service definition, files requests with a form POST and an api_key, tracks
// them by id, token and filtered listings, and gets the spec's error lists. Responses are
// checked by hand against docs/open311/schemas (services, service, service-definition,
// requests, request): required fields, types, enums.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <cctype>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "tests/support/e2e_helpers.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/token_config.hpp"

using cityops::testing::client_response;
using cityops::testing::http_call;
using cityops::testing::service_process;
using cityops::testing::temp_dir;
using cityops::testing::url_encode;

namespace {

// Tokens of the test's config file ([[tokens]] keeps only their SHA-256).
const std::string citizen_app_token = "open311-test-citizen-app-token-0001";
const std::string supervisor_token = "open311-test-supervisor-token-0001";

std::string write_config(const temp_dir& dir) {
  return cityops::testing::write_city_config(
      dir, "open311-city.toml",
      {{"open311-app", "citizen_app", citizen_app_token, "", ""},
       {"open311-supervisor", "supervisor", supervisor_token, "", ""}});
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [k, v] : fields) body += (body.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  return body;
}

// Open311 clients send no Authorization header (the test client adds the admin's by default).
const cityops::testing::header_list no_bearer{{"Authorization", ""}};
const cityops::testing::header_list form_no_bearer{
    {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}, {"Authorization", ""}};

bool is_string(simdjson::dom::element e) { return e.type() == simdjson::dom::element_type::STRING; }
bool is_number(simdjson::dom::element e) {
  return e.is_double() || e.is_int64() || e.is_uint64();
}

std::string str(simdjson::dom::element e) { return std::string(std::string_view(e)); }

std::string str(simdjson::dom::object o, const char* key) { return str(o[key].value()); }

std::set<std::string> keys(simdjson::dom::object o) {
  std::set<std::string> out;
  for (auto field : o) out.emplace(field.key);
  return out;
}

// A w3 datetime with an offset, as the schemas' format date-time asks.
bool is_datetime(simdjson::dom::element e) {
  if (!is_string(e)) return false;
  const auto s = str(e);
  return s.size() >= 20 && s[10] == 'T' && cityops::domain::parse_iso8601(s).has_value() &&
         (s.back() == 'Z' || s[s.size() - 6] == '+' || s[s.size() - 6] == '-');
}

void check_string_or_null(simdjson::dom::object o, const char* key) {
  auto v = o[key];
  INFO(key);
  REQUIRE(v.error() == simdjson::SUCCESS);
  CHECK((v.value().is_null() || is_string(v.value())));
}

// service.json: required service_code, service_name, metadata, type.
void check_service(simdjson::dom::object s) {
  CHECK(is_string(s["service_code"].value()));
  CHECK(is_string(s["service_name"].value()));
  CHECK(s["metadata"].value().is_bool());
  const auto type = str(s, "type");
  CHECK((type == "realtime" || type == "batch" || type == "blackbox"));
  for (const char* k : {"description", "keywords", "group"}) check_string_or_null(s, k);
}

// request.json: required service_request_id, status, service_code, requested_datetime; every
// field our mapping writes, with its schema type.
void check_request(simdjson::dom::object r) {
  CHECK(keys(r) == std::set<std::string>{"service_request_id", "status", "status_notes",
                                         "service_name", "service_code", "description",
                                         "agency_responsible", "service_notice",
                                         "requested_datetime", "updated_datetime",
                                         "expected_datetime", "address", "address_id",
                                         "zipcode", "lat", "long", "media_url"});
  CHECK(is_string(r["service_request_id"].value()));
  const auto status = str(r, "status");
  CHECK((status == "open" || status == "closed"));
  CHECK(is_string(r["service_code"].value()));
  CHECK(is_datetime(r["requested_datetime"].value()));
  for (const char* k : {"status_notes", "service_name", "description", "agency_responsible",
                        "service_notice", "address", "address_id", "zipcode", "media_url"})
    check_string_or_null(r, k);
  for (const char* k : {"updated_datetime", "expected_datetime"}) {
    auto v = r[k].value();
    CHECK((v.is_null() || is_datetime(v)));
  }
  for (const char* k : {"lat", "long"}) {
    auto v = r[k].value();
    CHECK((v.is_null() || is_number(v)));
  }
  if (!r["description"].value().is_null()) CHECK(str(r, "description").size() <= 4000 * 4);
}

// The spec's error list: [{code, description}], `status` as the HTTP status.
void check_errors_json(const client_response& res, int status, int code,
                       const std::string& word) {
  INFO(res.status << " " << res.body);
  CHECK(res.status == status);
  CHECK(res.header("content-type").rfind("application/json", 0) == 0);
  simdjson::dom::parser p;
  simdjson::dom::element doc = p.parse(res.body);
  REQUIRE(doc.is_array());
  bool found = false;
  for (simdjson::dom::element e : doc.get_array()) {
    simdjson::dom::object o = e.get_object();
    CHECK(keys(o) == std::set<std::string>{"code", "description"});
    CHECK(o["code"].value().is_int64());
    CHECK(is_string(o["description"].value()));
    if (int64_t(o["code"].value()) == code && str(o, "description").find(word) != std::string::npos)
      found = true;
  }
  CHECK(found);
}

void check_errors_xml(const client_response& res, int status, const std::string& word) {
  INFO(res.status << " " << res.body);
  CHECK(res.status == status);
  CHECK(res.header("content-type").rfind("text/xml", 0) == 0);
  CHECK(res.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors>\n  <error>\n    <code>" +
                           std::to_string(status) + "</code>\n    <description>",
                       0) == 0);
  CHECK(res.body.find(word) != std::string::npos);
  CHECK(res.body.find("</description>\n  </error>\n</errors>\n") != std::string::npos);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The text of the first <tag>…</tag> in an XML body ("" when absent).
std::string xml_text(const std::string& xml, const std::string& tag) {
  const auto open = "<" + tag + ">";
  const auto at = xml.find(open);
  if (at == std::string::npos) return {};
  const auto end = xml.find("</" + tag + ">", at);
  return xml.substr(at + open.size(), end - at - open.size());
}

// Ids of a JSON request list, in order.
std::vector<std::string> ids_of(const client_response& res) {
  INFO(res.status << " " << res.body);
  REQUIRE(res.status == 200);
  simdjson::dom::parser p;
  simdjson::dom::element doc = p.parse(res.body);
  REQUIRE(doc.is_array());
  std::vector<std::string> out;
  for (simdjson::dom::element e : doc.get_array()) {
    check_request(e.get_object());
    out.push_back(str(e.get_object(), "service_request_id"));
  }
  return out;
}

}  // namespace

TEST_CASE("an Open311 client lists services, files requests and tracks them", "[e2e][open311]") {
  temp_dir data;
  const auto config = write_config(data);
  service_process svc(CITYOPSD_PATH, cityops::testing::service_args(data, config));
  const auto addr = svc.address();
  const auto admin = cityops::testing::admin_token(svc, data);
  const auto bearer = cityops::testing::bearer(admin);
  const std::string base = "/open311/v2";
  simdjson::dom::parser p;

  // ---- services: XML (the spec's required format) and JSON list the same catalogue --------
  auto services_xml = http_call(addr, "GET", base + "/services.xml", "", no_bearer);
  INFO(services_xml.body.substr(0, 500));
  REQUIRE(services_xml.status == 200);
  CHECK(services_xml.header("content-type") == "text/xml; charset=utf-8");
  CHECK(services_xml.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<services>\n", 0) == 0);
  CHECK(services_xml.body.find("<service_code>0101</service_code>") != std::string::npos);
  CHECK(services_xml.body.find("<type>realtime</type>") != std::string::npos);

  auto services_json = http_call(addr, "GET", base + "/services.json", "", no_bearer);
  REQUIRE(services_json.status == 200);
  CHECK(services_json.header("content-type") == "application/json; charset=utf-8");
  std::set<std::string> codes;
  {
    simdjson::dom::element doc = p.parse(services_json.body);
    REQUIRE(doc.is_array());
    for (simdjson::dom::element e : doc.get_array()) {
      check_service(e.get_object());
      codes.insert(str(e.get_object(), "service_code"));
    }
  }
  CHECK(codes.size() >= 60);
  CHECK(codes.count("0601") == 1);
  CHECK(count(services_xml.body, "<service>") == codes.size());
  auto categories = http_call(addr, "GET", "/api/v1/categories", "", bearer);
  REQUIRE(categories.status == 200);
  CHECK(simdjson::dom::array(p.parse(categories.body)["items"]).size() == codes.size());

  // ---- service definition (service-definition.json) ----------------------------------------
  auto definition = http_call(addr, "GET", base + "/services/0601.json", "", no_bearer);
  INFO(definition.body);
  REQUIRE(definition.status == 200);
  {
    simdjson::dom::object def = p.parse(definition.body).get_object();
    CHECK(str(def, "service_code") == "0601");
    simdjson::dom::array attributes = def["attributes"].value();
    REQUIRE(attributes.size() >= 1);
    for (simdjson::dom::element a : attributes) {
      simdjson::dom::object o = a.get_object();
      CHECK(o["variable"].value().is_bool());
      CHECK(is_string(o["code"].value()));
      const auto datatype = str(o, "datatype");
      CHECK(std::set<std::string>{"string", "number", "datetime", "text", "singlevaluelist",
                                  "multivaluelist"}
                .count(datatype) == 1);
      CHECK(o["required"].value().is_bool());
      check_string_or_null(o, "datatype_description");
      check_string_or_null(o, "description");
      CHECK((o["order"].value().is_null() || o["order"].value().is_int64()));
      for (simdjson::dom::element v : simdjson::dom::array(o["values"].value())) {
        CHECK(is_string(v["key"].value()));
        CHECK(is_string(v["name"].value()));
      }
    }
  }
  auto definition_xml = http_call(addr, "GET", base + "/services/0601.xml", "", no_bearer);
  REQUIRE(definition_xml.status == 200);
  CHECK(definition_xml.body.find("<service_definition>\n  <service_code>0601</service_code>\n"
                                 "  <attributes>\n    <attribute>\n") != std::string::npos);
  CHECK(xml_text(definition_xml.body, "code") == "priority");

  // ---- POST requests: form-urlencoded with an api_key ---------------------------------------
  // 1: admin key, lat/long, urgent by attribute, media, the reporter's contact.
  auto created = http_call(addr, "POST", base + "/requests.json",
                           form({{"api_key", admin},
                                 {"jurisdiction_id", "yantai.gov.cn"},
                                 {"service_code", "0601"},
                                 {"lat", "37.54"},
                                 {"long", "121.40"},
                                 {"description", "流动摊贩占道经营 & 堵塞人行道"},
                                 {"attribute[priority]", "urgent"},
                                 {"media_url", "https://img.example.cn/open311/1.jpg"},
                                 {"first_name", "小明"},
                                 {"last_name", "王"},
                                 {"email", "wang@example.cn"},
                                 {"phone", "+86 138-0000-5678"},
                                 {"device_id", "tt222111"}}),
                           form_no_bearer);
  INFO(created.body);
  REQUIRE(created.status == 200);
  CHECK(created.header("content-type") == "application/json; charset=utf-8");
  CHECK(created.body.find("13800005678") == std::string::npos);
  std::string id1;
  {
    simdjson::dom::element doc = p.parse(created.body);
    REQUIRE(simdjson::dom::array(doc).size() == 1);
    simdjson::dom::object o = doc.at(0).get_object();
    CHECK(keys(o) == std::set<std::string>{"service_request_id", "service_notice", "account_id"});
    id1 = str(o, "service_request_id");
    CHECK(o["account_id"].value().is_null());
    check_string_or_null(o, "service_notice");
  }
  CHECK(id1.rfind("3706-", 0) == 0);

  // 2: a citizen app's key, only an address, in XML.
  auto created_xml = http_call(addr, "POST", base + "/requests.xml",
                               form({{"api_key", citizen_app_token},
                                     {"service_code", "0301"},
                                     {"address_string", "芝罘区 幸福路 12 号 <北门>"},
                                     {"description", "路边垃圾堆积"}}),
                               form_no_bearer);
  INFO(created_xml.body);
  REQUIRE(created_xml.status == 200);
  CHECK(created_xml.header("content-type") == "text/xml; charset=utf-8");
  CHECK(created_xml.body.rfind(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests>\n  <request>\n", 0) == 0);
  CHECK(created_xml.body.find("<account_id/>") != std::string::npos);
  const auto id2 = xml_text(created_xml.body, "service_request_id");
  CHECK(id2.rfind("3706-", 0) == 0);

  // 3: same problem as 1 (to be merged into it), described only by attributes.
  auto created3 = http_call(addr, "POST", base + "/requests.json",
                            form({{"api_key", admin},
                                  {"service_code", "0601"},
                                  {"lat", "37.5401"},
                                  {"long", "121.4001"},
                                  {"attribute[stalls]", "3"},
                                  {"attribute[blocking][]", "sidewalk"},
                                  {"attribute[blocking][]", "bus stop"}}),
                            form_no_bearer);
  INFO(created3.body);
  REQUIRE(created3.status == 200);
  const auto id3 = str(p.parse(created3.body).at(0).get_object(), "service_request_id");

  // What the case API shows of them.
  {
    auto c1 = http_call(addr, "GET", "/api/v1/cases/" + id1, "", bearer);
    INFO(c1.body);
    REQUIRE(c1.status == 200);
    simdjson::dom::object o = p.parse(c1.body).get_object();
    CHECK(str(o, "source") == "open311");
    CHECK(str(o, "priority") == "urgent");
    CHECK(str(o, "category") == "0601");
    CHECK(str(o, "text") == "流动摊贩占道经营 & 堵塞人行道");
    CHECK(str(o["reporter"]["name"].value()) == "小明 王 <wang@example.cn>");
    CHECK(bool(o["reporter"]["has_phone"].value()));
    simdjson::dom::array path = o["location_path"].value();
    CHECK(str(path.at(0).value()) == "3706");
    CHECK(path.size() == 4);  // the nearest community
    auto c2 = http_call(addr, "GET", "/api/v1/cases/" + id2, "", bearer);
    REQUIRE(c2.status == 200);
    CHECK(str(p.parse(c2.body).get_object(), "node") == "3706");
    auto c3 = http_call(addr, "GET", "/api/v1/cases/" + id3, "", bearer);
    REQUIRE(c3.status == 200);
    CHECK(str(p.parse(c3.body).get_object(), "text") == "stalls: 3\nblocking: sidewalk, bus stop");
  }

  // ---- GET requests/{id} and tokens/{token} -------------------------------------------------
  {
    auto one = http_call(addr, "GET", base + "/requests/" + id1 + ".json", "", no_bearer);
    const auto ids = ids_of(one);
    REQUIRE(ids == std::vector<std::string>{id1});
    simdjson::dom::object r = p.parse(one.body).at(0).get_object();
    CHECK(str(r, "status") == "open");
    CHECK(str(r, "service_code") == "0601");
    CHECK(is_string(r["service_name"].value()));
    CHECK(str(r, "description") == "流动摊贩占道经营 & 堵塞人行道");
    CHECK(double(r["lat"].value()) == Approx(37.54));
    CHECK(double(r["long"].value()) == Approx(121.40));
    CHECK(str(r, "media_url") == "https://img.example.cn/open311/1.jpg");
    CHECK(is_string(r["address"].value()));  // the community, street, district, city names
    CHECK(is_datetime(r["expected_datetime"].value()));
  }
  {
    auto two = http_call(addr, "GET", base + "/requests/" + id2 + ".xml", "", no_bearer);
    INFO(two.body);
    REQUIRE(two.status == 200);
    CHECK(two.header("content-type") == "text/xml; charset=utf-8");
    CHECK(count(two.body, "<request>") == 1);
    CHECK(xml_text(two.body, "service_request_id") == id2);
    CHECK(xml_text(two.body, "status") == "open");
    CHECK(xml_text(two.body, "service_code") == "0301");
    CHECK(xml_text(two.body, "address") == "芝罘区 幸福路 12 号 &lt;北门&gt;");
    CHECK(two.body.find("<lat/>") != std::string::npos);
    CHECK(two.body.find("<long/>") != std::string::npos);
    CHECK(two.body.find("<media_url/>") != std::string::npos);
  }
  {
    auto token = http_call(addr, "GET", base + "/tokens/" + id1 + ".json", "", no_bearer);
    INFO(token.body);
    REQUIRE(token.status == 200);
    CHECK(token.body ==
          R"([{"service_request_id":")" + id1 + R"(","token":")" + id1 + R"("}])");
    auto token_xml = http_call(addr, "GET", base + "/tokens/" + id2 + ".xml", "", no_bearer);
    REQUIRE(token_xml.status == 200);
    CHECK(xml_text(token_xml.body, "token") == id2);
  }

  // Request 3 is a duplicate of 1: merged, it is closed with a note naming 1.
  auto merged = http_call(addr, "POST", "/api/v1/cases/" + id3 + "/actions/merge",
                          R"({"by":"seat-7","into":")" + id1 + R"(","reason":"重复上报"})",
                          {{"Content-Type", "application/json"}, bearer.front()});
  INFO(merged.body);
  REQUIRE(merged.status == 200);

  // ---- GET requests: service_request_id lists and the filters --------------------------------
  {
    auto listed = http_call(addr, "GET",
                            base + "/requests.json?service_request_id=" +
                                url_encode(id3 + "," + id1 + ",3706-20000101-999999"), "", no_bearer);
    REQUIRE(ids_of(listed) == std::vector<std::string>{id3, id1});
    simdjson::dom::object r3 = p.parse(listed.body).at(0).get_object();
    CHECK(str(r3, "status") == "closed");
    CHECK(str(r3, "status_notes") == "duplicate of " + id1 + ": 重复上报");
    CHECK(r3["service_notice"].value().is_null());
  }
  {
    // A hotline case is not published through the public Open311 reads.
    auto hotline = http_call(addr, "POST", "/api/v1/cases",
                             R"({"source":"hotline","text":"家门口下水道堵塞","category":"0601",
                                 "node":"370602001","reporter":{"phone":"13800002222"}})",
                             bearer);
    REQUIRE(hotline.status == 201);
    simdjson::dom::parser hp;
    const std::string private_id(std::string_view(hp.parse(hotline.body)["id"]));
    CHECK(http_call(addr, "GET", base + "/requests/" + private_id + ".json", "", no_bearer)
              .status == 404);
    CHECK(ids_of(http_call(addr, "GET", base + "/requests.json?service_request_id=" + private_id,
                           "", no_bearer))
              .empty());
    const auto all = ids_of(http_call(addr, "GET", base + "/requests.json", "", no_bearer));
    CHECK(all == std::vector<std::string>{id1, id2, id3});  // report order; no hotline case
    const auto by_code = ids_of(http_call(addr, "GET", base + "/requests.json?service_code=0601", "", no_bearer));
    CHECK(by_code == std::vector<std::string>{id1, id3});
    const auto two_codes =
        ids_of(http_call(addr, "GET", base + "/requests.json?service_code=0301,0601", "", no_bearer));
    CHECK(two_codes.size() == 3);
    const auto closed = ids_of(http_call(addr, "GET", base + "/requests.json?status=closed", "", no_bearer));
    CHECK(closed == std::vector<std::string>{id3});
    const auto open = ids_of(http_call(addr, "GET", base + "/requests.json?status=open", "", no_bearer));
    CHECK(open == std::vector<std::string>{id1, id2});
    const auto both = ids_of(http_call(addr, "GET", base + "/requests.json?status=open,closed", "", no_bearer));
    CHECK(both.size() == 3);

    const auto now = cityops::testing::now_ms();
    const auto day = cityops::domain::ms_per_day;
    const auto iso = [](std::int64_t ms) { return url_encode(cityops::domain::format_iso8601(ms)); };
    const auto window = ids_of(http_call(
        addr, "GET",
        base + "/requests.json?start_date=" + iso(now - day) + "&end_date=" + iso(now + day)));
    CHECK(window == std::vector<std::string>{id1, id2, id3});
    const auto later = ids_of(
        http_call(addr, "GET", base + "/requests.json?start_date=" + iso(now + day), "", no_bearer));
    CHECK(later.empty());
    const auto earlier = ids_of(
        http_call(addr, "GET", base + "/requests.json?end_date=" + iso(now - day), "", no_bearer));
    CHECK(earlier.empty());

    auto xml = http_call(addr, "GET", base + "/requests.xml?service_code=0601&status=open", "", no_bearer);
    INFO(xml.body);
    REQUIRE(xml.status == 200);
    CHECK(count(xml.body, "<request>") == 1);
    CHECK(xml_text(xml.body, "service_request_id") == id1);
    auto none = http_call(addr, "GET", base + "/requests.xml?start_date=" + iso(now + day), "", no_bearer);
    CHECK(none.body == "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests/>\n");
  }

  // ---- errors: the spec's {code, description} list -------------------------------------------
  check_errors_json(http_call(addr, "POST", base + "/requests.json",
                              form({{"api_key", admin}, {"lat", "37.5"}, {"long", "121.4"},
                                    {"description", "x"}}),
                              form_no_bearer),
                    400, 400, "service_code");
  check_errors_json(http_call(addr, "POST", base + "/requests.json",
                              form({{"api_key", admin}, {"service_code", "9999"}, {"lat", "37.5"},
                                    {"long", "121.4"}, {"description", "x"}}),
                              form_no_bearer),
                    404, 404, "9999");
  check_errors_json(http_call(addr, "POST", base + "/requests.json",
                              form({{"api_key", admin}, {"service_code", "0601"},
                                    {"description", "x"}}),
                              form_no_bearer),
                    400, 400, "location");
  check_errors_json(http_call(addr, "POST", base + "/requests.json",
                              form({{"api_key", "not-a-key"}, {"service_code", "0601"},
                                    {"lat", "37.5"}, {"long", "121.4"}, {"description", "x"}}),
                              form_no_bearer),
                    403, 403, "api_key");
  check_errors_json(http_call(addr, "POST", base + "/requests.json",
                              form({{"service_code", "0601"}, {"lat", "37.5"}, {"long", "121.4"},
                                    {"description", "x"}}),
                              form_no_bearer),
                    403, 403, "api_key");
  check_errors_json(http_call(addr, "POST", base + "/requests.json",
                              form({{"api_key", supervisor_token}, {"service_code", "0601"},
                                    {"lat", "37.5"}, {"long", "121.4"}, {"description", "x"}}),
                              form_no_bearer),
                    403, 403, "supervisor");
  check_errors_json(http_call(addr, "POST", base + "/requests.json",
                              R"({"service_code":"0601"})", {{"Content-Type", "application/json"}}),
                    400, 400, "x-www-form-urlencoded");
  check_errors_xml(http_call(addr, "POST", base + "/requests.xml",
                             form({{"api_key", "not-a-key"}, {"service_code", "0601"}}),
                             form_no_bearer),
                   403, "api_key");
  check_errors_json(http_call(addr, "GET", base + "/requests/3706-20000101-999999.json", "", no_bearer), 404,
                    404, "3706-20000101-999999");
  check_errors_xml(http_call(addr, "GET", base + "/requests/nonsense.xml", "", no_bearer), 404, "nonsense");
  check_errors_json(http_call(addr, "GET", base + "/tokens/3706-20000101-999999.json", "", no_bearer), 404, 404,
                    "token");
  check_errors_json(http_call(addr, "GET", base + "/services/9999.json", "", no_bearer), 404, 404, "9999");
  check_errors_xml(http_call(addr, "GET", base + "/services/0601.csv", "", no_bearer), 400, "format");
  check_errors_json(http_call(addr, "GET", base + "/requests.json?status=pending", "", no_bearer), 400, 400,
                    "status");
  check_errors_json(http_call(addr, "GET", base + "/requests.json?service_code=9999", "", no_bearer), 400, 400,
                    "9999");
  check_errors_json(
      http_call(addr, "GET",
                base + "/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "", no_bearer),
      400, 400, "90 days");
  check_errors_json(http_call(addr, "GET", base + "/discovery.json", "", no_bearer), 404, 404, "discovery");
  check_errors_xml(http_call(addr, "GET", base + "/nothing/here", "", no_bearer), 404, "nothing");

  // A client that sends its key as a bearer token instead of api_key is served too.
  auto by_bearer = http_call(addr, "POST", base + "/requests.json",
                             form({{"service_code", "0601"}, {"lat", "37.5"}, {"long", "121.4"},
                                   {"description", "bearer instead of api_key"}}),
                             {{"Content-Type", "application/x-www-form-urlencoded"},
                              cityops::testing::bearer(citizen_app_token).front()});
  INFO(by_bearer.body);
  CHECK(by_bearer.status == 200);
}
