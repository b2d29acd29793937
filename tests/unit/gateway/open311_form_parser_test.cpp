// gateway/open311/form_parser: application/x-www-form-urlencoded bodies and attribute[code].
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "gateway/open311/form_parser.hpp"

using namespace cityops::gateway::open311;

namespace {

form_data ok(std::string_view body) {
  auto r = parse_form(body);
  if (auto* e = std::get_if<form_error>(&r)) FAIL(e->field << ": " << e->message);
  return std::get<form_data>(r);
}

std::vector<form_attribute> attrs(std::string_view body) {
  auto r = parse_attributes(ok(body));
  if (auto* e = std::get_if<form_error>(&r)) FAIL(e->field << ": " << e->message);
  return std::get<std::vector<form_attribute>>(r);
}

form_error attr_error(std::string_view body) {
  auto r = parse_attributes(ok(body));
  REQUIRE(std::holds_alternative<form_error>(r));
  return std::get<form_error>(r);
}

}  // namespace

TEST_CASE("form: pairs in order, '+' and %XX decoded in names and values",
          "[gateway][open311][form]") {
  const auto f = ok("api_key=xyz&service_code=0101&description=A+large+sinkhole%21"
                    "&email=smit333%40sfgov.edu&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2Fa.jpg"
                    "&na%6De=%E4%BA%95%E7%9B%96");
  REQUIRE(f.fields.size() == 6);
  CHECK(f.fields[0].name == "api_key");
  CHECK(f.get("description") == "A large sinkhole!");
  CHECK(f.get("email") == "smit333@sfgov.edu");
  CHECK(f.get("media_url") == "http://farm3.static.flickr.com/a.jpg");
  CHECK(f.get("name") == "井盖");
  CHECK_FALSE(f.get("missing"));
}

TEST_CASE("form: empty pairs skipped, bare names are empty values, first value wins",
          "[gateway][open311][form]") {
  const auto f = ok("&a=1&&b&c=&a=2&");
  REQUIRE(f.fields.size() == 4);
  CHECK(f.get("a") == "1");
  CHECK(f.count("a") == 2);
  CHECK(f.get("b") == "");
  CHECK(f.get("c") == "");
  CHECK_FALSE(f.value("b"));  // empty counts as absent for value()
  CHECK(ok("").fields.empty());
  CHECK(ok("x=%zz%4").get("x") == "%zz%4");  // invalid escapes stay as sent
  CHECK(ok("x=a%3Db%26c").get("x") == "a=b&c");
}

TEST_CASE("form: invalid UTF-8, NUL and too many fields are refused",
          "[gateway][open311][form]") {
  auto bad_value = parse_form("description=%FF%FE");
  REQUIRE(std::holds_alternative<form_error>(bad_value));
  CHECK(std::get<form_error>(bad_value).field == "description");
  CHECK(std::holds_alternative<form_error>(parse_form("d=a%00b")));
  CHECK(std::holds_alternative<form_error>(parse_form("%C0%80=x")));
  std::string many;
  for (int i = 0; i < 257; ++i) many += "k" + std::to_string(i) + "=v&";
  CHECK(std::holds_alternative<form_error>(parse_form(many)));
  CHECK(std::holds_alternative<form_data>(parse_form(many, 300)));
}

TEST_CASE("form: the content type", "[gateway][open311][form]") {
  CHECK(is_form_content_type("application/x-www-form-urlencoded"));
  CHECK(is_form_content_type("Application/X-WWW-Form-Urlencoded; charset=utf-8"));
  CHECK(is_form_content_type(" application/x-www-form-urlencoded ;charset=UTF-8"));
  CHECK_FALSE(is_form_content_type("application/json"));
  CHECK_FALSE(is_form_content_type("multipart/form-data; boundary=x"));
  CHECK_FALSE(is_form_content_type(""));
}

TEST_CASE("attributes: single values, multivaluelists, grouped by code in order",
          "[gateway][open311][form]") {
  const auto a = attrs("attribute[WHISPAWN]=123456&service_code=1&attribute%5BWHISDORN%5D=COISL001"
                       "&attribute[sides][]=north&attribute[WHISPAWN]=7&attribute[sides][]=east"
                       "&attribute[n][0]=x&attributes=ignored");
  REQUIRE(a.size() == 4);
  CHECK(a[0].code == "WHISPAWN");
  CHECK(a[0].values == std::vector<std::string>{"123456", "7"});
  CHECK(a[1].code == "WHISDORN");
  CHECK(a[1].values == std::vector<std::string>{"COISL001"});
  CHECK(a[2].code == "sides");
  CHECK(a[2].values == std::vector<std::string>{"north", "east"});
  CHECK(a[3].code == "n");
  CHECK(attrs("service_code=1").empty());
}

TEST_CASE("attributes: malformed keys name themselves", "[gateway][open311][form]") {
  CHECK(attr_error("attribute=x").field == "attribute");
  CHECK(attr_error("attribute[]=x").field == "attribute[]");
  CHECK(attr_error("attribute[a=x").field == "attribute[a");
  CHECK(attr_error("attribute[a]x=1").field == "attribute[a]x");
  CHECK(attr_error("attribute[a][b]=1").field == "attribute[a][b]");
  CHECK(attr_error("attribute[a[b]=1").field == "attribute[a[b]");
}
