// gateway/open311/document + xml_writer: one tree, the spec's XML and its JSON mapping.
#include <catch2/catch.hpp>

#include <string>

#include "gateway/open311/document.hpp"
#include "gateway/open311/xml_writer.hpp"
#include "gateway/utf8.hpp"

using namespace cityops::gateway::open311;
using cityops::gateway::is_valid_utf8;
using cityops::gateway::utf8_length;
using cityops::gateway::utf8_prefix;

namespace {

std::string escaped(std::string_view s) {
  std::string out;
  xml_writer::append_escaped(out, s);
  return out;
}

}  // namespace

TEST_CASE("xml: declaration, nesting, indentation, empty elements", "[gateway][open311][xml]") {
  xml_writer w;
  w.open("services").open("service").element("service_code", "001").empty("keywords").close()
      .close();
  CHECK(w.take() ==
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<services>\n"
        "  <service>\n"
        "    <service_code>001</service_code>\n"
        "    <keywords/>\n"
        "  </service>\n"
        "</services>\n");
  // take() leaves a fresh writer.
  CHECK(w.element("a", "b").take() == "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<a>b</a>\n");
}

TEST_CASE("xml: text is escaped and repaired", "[gateway][open311][xml]") {
  CHECK(escaped("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  CHECK(escaped("line1\nline2\ttab") == "line1\nline2\ttab");
  CHECK(escaped("cr\r") == "cr&#13;");
  CHECK(escaped("井盖缺失") == "井盖缺失");
  CHECK(escaped(std::string("nul\0bell\x07", 9)) == "nul\xEF\xBF\xBD" "bell\xEF\xBF\xBD");
  CHECK(escaped("bad\xFF") == "bad\xEF\xBF\xBD");
  CHECK(escaped("\xEF\xBF\xBF") == "\xEF\xBF\xBD");  // U+FFFF is no XML character
  CHECK(escaped("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");  // astral plane passes
}

TEST_CASE("document: a list of objects in both formats", "[gateway][open311][document]") {
  auto doc = element::list("service_requests", "request");
  doc.add(element::object("request"))
      .add_text("service_request_id", "3706-20261118-000001")
      .add_text("status", "open")
      .add_null("status_notes")
      .add_text_or_null("agency_responsible", "")
      .add_number("lat", 37.46)
      .add_integer("order", 1)
      .add_boolean("metadata", true);
  CHECK(to_json(doc) ==
        R"([{"service_request_id":"3706-20261118-000001","status":"open","status_notes":null,)"
        R"("agency_responsible":null,"lat":37.46,"order":1,"metadata":true}])");
  CHECK(to_xml(doc) ==
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<service_requests>\n"
        "  <request>\n"
        "    <service_request_id>3706-20261118-000001</service_request_id>\n"
        "    <status>open</status>\n"
        "    <status_notes/>\n"
        "    <agency_responsible/>\n"
        "    <lat>37.46</lat>\n"
        "    <order>1</order>\n"
        "    <metadata>true</metadata>\n"
        "  </request>\n"
        "</service_requests>\n");
  auto empty = element::list("service_requests", "request");
  CHECK(to_json(empty) == "[]");
  CHECK(to_xml(empty) == "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests/>\n");
}

TEST_CASE("document: an object with nested lists (service definition shape)",
          "[gateway][open311][document]") {
  auto doc = element::object("service_definition");
  doc.add_text("service_code", "DMV66");
  auto& attributes = doc.add(element::list("attributes", "attribute"));
  auto& a = attributes.add(element::object("attribute"));
  a.add_text("code", "WHISHETN");
  auto& values = a.add(element::list("values", "value"));
  values.add(element::object("value")).add_text("key", "123").add_text("name", "Ford");
  CHECK(to_json(doc) ==
        R"({"service_code":"DMV66","attributes":[{"code":"WHISHETN",)"
        R"("values":[{"key":"123","name":"Ford"}]}]})");
  const auto xml = to_xml(doc);
  CHECK(xml.find("<service_definition>\n  <service_code>DMV66</service_code>\n"
                 "  <attributes>\n    <attribute>\n      <code>WHISHETN</code>\n"
                 "      <values>\n        <value>\n          <key>123</key>\n") !=
        std::string::npos);
}

TEST_CASE("document: responses carry status and content type", "[gateway][open311][document]") {
  auto doc = element::list("services", "service");
  auto x = render(200, format::xml, doc);
  CHECK(x.status == 200);
  CHECK(x.content_type == "text/xml; charset=utf-8");
  auto j = render(200, format::json, doc);
  CHECK(j.content_type == "application/json; charset=utf-8");
  CHECK(j.body == "[]");
}

TEST_CASE("document: the spec's error list", "[gateway][open311][document]") {
  auto r = error_list_response(format::json, 403, "Invalid api_key received");
  CHECK(r.status == 403);
  CHECK(r.body == R"([{"code":403,"description":"Invalid api_key received"}])");
  auto x = error_list_response(format::xml, {{404, "service_code 'x' was not found"},
                                             {400, "a location is required <here>"}});
  CHECK(x.status == 400);  // any 400 makes the response a 400
  CHECK(x.body ==
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<errors>\n"
        "  <error>\n"
        "    <code>404</code>\n"
        "    <description>service_code &apos;x&apos; was not found</description>\n"
        "  </error>\n"
        "  <error>\n"
        "    <code>400</code>\n"
        "    <description>a location is required &lt;here&gt;</description>\n"
        "  </error>\n"
        "</errors>\n");
  CHECK(error_list_response(format::xml, {{404, "a"}, {404, "b"}}).status == 404);
}

TEST_CASE("document: formats from path extensions", "[gateway][open311][document]") {
  format f = format::json;
  CHECK(parse_format("xml", f));
  CHECK(f == format::xml);
  CHECK(parse_format("json", f));
  CHECK(f == format::json);
  CHECK_FALSE(parse_format("XML", f));
  CHECK_FALSE(parse_format("", f));
  CHECK(split_extension("0101.json") == std::make_pair(std::string("0101"), std::string("json")));
  CHECK(split_extension("3706-20261118-000001.xml").first == "3706-20261118-000001");
  CHECK(split_extension("plain") == std::make_pair(std::string("plain"), std::string()));
  CHECK(split_extension("a.b.xml").first == "a.b");
}

TEST_CASE("utf8: validity, length and prefixes in code points", "[gateway][open311][utf8]") {
  CHECK(is_valid_utf8("abc井盖"));
  CHECK_FALSE(is_valid_utf8("\xC0\x80"));
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // a surrogate
  CHECK_FALSE(is_valid_utf8("\xE4\xBA"));      // cut short
  CHECK(utf8_length("井盖ab") == 4);
  CHECK(utf8_prefix("井盖ab", 1) == "井");
  CHECK(utf8_prefix("井盖ab", 3) == "井盖a");
  CHECK(utf8_prefix("ab", 10) == "ab");
}
