#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

#include "gateway/error_json.hpp"
#include "gateway/json_writer.hpp"
#include "gateway/open311/document.hpp"

using cityops::gateway::json_writer;

namespace {
std::string str(std::string_view s) {
  json_writer w;
  w.value(s);
  return w.take();
}
}  // namespace

TEST_CASE("json_writer: objects, arrays and automatic commas", "[gateway][json_writer]") {
  json_writer w;
  w.begin_object()
      .key("a").value(1)
      .key("b").begin_array().value(true).value(false).value(nullptr).end_array()
      .key("c").begin_object().end_object()
      .key("d").begin_array().end_array()
      .key("e").begin_array().begin_object().key("x").value("y").end_object()
                             .begin_array().value(2).end_array().end_array()
      .member("f", "g")
      .key("raw").raw(R"({"pre":[1,2]})")
      .end_object();
  CHECK(w.take() ==
        R"({"a":1,"b":[true,false,null],"c":{},"d":[],"e":[{"x":"y"},[2]],"f":"g","raw":{"pre":[1,2]}})");
  // take() resets the writer.
  w.begin_array().value(1).end_array();
  CHECK(w.take() == "[1]");
  // Top-level scalars.
  w.value("x");
  CHECK(w.take() == R"("x")");
}

TEST_CASE("json_writer: escaping", "[gateway][json_writer]") {
  CHECK(str("plain") == R"("plain")");
  CHECK(str("q\"b\\s/") == R"("q\"b\\s/")");
  CHECK(str("\n\r\t\b\f") == R"("\n\r\t\b\f")");
  CHECK(str(std::string_view("\x00\x01\x1f\x7f", 4)) == "\"\\u0000\\u0001\\u001f\x7f\"");
  json_writer w;
  w.begin_object().key("k\"ey\n").value("v").end_object();
  CHECK(w.take() == R"({"k\"ey\n":"v"})");
  const char* null_str = nullptr;
  w.value(null_str);
  CHECK(w.take() == "null");
}

TEST_CASE("json_writer: UTF-8 passes through, invalid bytes become U+FFFD",
          "[gateway][json_writer]") {
  CHECK(str("向阳街道") == "\"向阳街道\"");
  CHECK(str("é €𝄞") == "\"é €𝄞\"");  // 2-, 3- and 4-byte sequences
  CHECK(str("\xEF\xBF\xBF") == "\"\xEF\xBF\xBF\"");  // U+FFFF is valid
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(str("a\xFF" "b") == "\"a" + fffd + "b\"");          // never valid byte
  CHECK(str("\x80") == "\"" + fffd + "\"");                  // stray continuation
  CHECK(str("\xC0\xAF") == "\"" + fffd + fffd + "\"");       // overlong lead C0
  CHECK(str("\xE0\x80\x80") == "\"" + fffd + fffd + fffd + "\"");  // overlong 3-byte
  CHECK(str("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");  // surrogate D800
  CHECK(str("\xF4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\"");  // > U+10FFFF
  CHECK(str("\xE4\xB8") == "\"" + fffd + "\"");               // truncated at end: one U+FFFD
  CHECK(str("\xE4\xB8x") == "\"" + fffd + "x\"");             // truncated before ASCII
  CHECK(str("\xF0\x9F\x98") == "\"" + fffd + "\"");
  CHECK(str("ok\xF0\x9F\x98\x80ok") == "\"ok\xF0\x9F\x98\x80ok\"");
}

TEST_CASE("replies: Chinese text is raw UTF-8, control characters are escaped",
          "[gateway][json_writer]") {
  // RFC 8259 requires escaping only quote, backslash and U+0000..U+001F; everything else,
  // Chinese included, is written as its UTF-8 bytes (no \uXXXX).
  json_writer w;
  w.begin_object().member("text", "井盖缺失\n\x01友谊路").end_object();
  CHECK(w.take() == "{\"text\":\"井盖缺失\\n\\u0001友谊路\"}");

  // The replies built on the writer: error bodies and Open311 JSON.
  auto e = cityops::gateway::error_response(400, "invalid_field", "向阳街道\t无效", "node");
  CHECK(e.body ==
        "{\"error\":{\"code\":\"invalid_field\",\"message\":\"向阳街道\\t无效\",\"field\":\"node\"}}");
  namespace open311 = cityops::gateway::open311;
  auto doc = open311::element::list("services", "service");
  doc.add(open311::element::object("service")).add_text("service_name", "道路\x1f设施");
  CHECK(open311::to_json(doc) == "[{\"service_name\":\"道路\\u001f设施\"}]");
}

TEST_CASE("json_writer: numbers", "[gateway][json_writer]") {
  json_writer w;
  w.begin_array()
      .value(0)
      .value(-1)
      .value(std::numeric_limits<std::int64_t>::min())
      .value(std::numeric_limits<std::uint64_t>::max())
      .value(static_cast<unsigned short>(7))
      .value(1.5)
      .value(-0.25)
      .value(37.46)
      .value(1e300)
      .value(std::nan(""))
      .value(std::numeric_limits<double>::infinity())
      .value(-std::numeric_limits<double>::infinity())
      .end_array();
  CHECK(w.take() ==
        "[0,-1,-9223372036854775808,18446744073709551615,7,1.5,-0.25,37.46,1e+300,null,null,null]");

  // Doubles round-trip.
  for (double d : {0.1, 1.0 / 3.0, 121.44123456789012, 5e-324, 1.7976931348623157e308}) {
    json_writer v;
    v.value(d);
    std::string s = v.take();
    CHECK(std::strtod(s.c_str(), nullptr) == d);
  }
}

TEST_CASE("error_response has api.md's shape", "[gateway][json_writer]") {
  using namespace cityops::gateway;
  auto r = error_response(400, "invalid_field", "'lat' must be a number", "lat");
  CHECK(r.status == 400);
  CHECK(r.content_type == "application/json");
  CHECK(r.body ==
        R"({"error":{"code":"invalid_field","message":"'lat' must be a number","field":"lat"}})");

  auto n = error_response(404, "not_found", "no such case");
  CHECK(n.body == R"({"error":{"code":"not_found","message":"no such case"}})");

  auto t = error_response(409, "illegal_transition", "cannot close", {}, [](json_writer& w) {
    w.key("status").value("reported");
    w.key("allowed").begin_array().value("verify").value("reject").end_array();
  });
  CHECK(t.body ==
        R"({"error":{"code":"illegal_transition","message":"cannot close","status":"reported","allowed":["verify","reject"]}})");

  auto o = overloaded_response("busy", 2);
  CHECK(o.status == 503);
  REQUIRE(o.headers.size() == 1);
  CHECK(o.headers[0] == std::make_pair(std::string("Retry-After"), std::string("2")));

  auto in = error_response(input_error{"missing_field", "reporter.phone", "'reporter.phone' is required"});
  CHECK(in.status == 400);
  CHECK(in.body ==
        R"({"error":{"code":"missing_field","message":"'reporter.phone' is required","field":"reporter.phone"}})");

  auto j = json_response(201, R"({"id":"x"})");
  CHECK(j.status == 201);
  CHECK(j.body == R"({"id":"x"})");
}
