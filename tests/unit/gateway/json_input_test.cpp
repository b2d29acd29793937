#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <thread>

#include "gateway/json_input.hpp"

using cityops::gateway::input_error;
using cityops::gateway::json_object_reader;

namespace {
json_object_reader parsed(std::string_view body) {
  json_object_reader r;
  auto err = json_object_reader::parse(body, r);
  INFO(body);
  REQUIRE_FALSE(err);
  return r;
}
}  // namespace

TEST_CASE("json_input: reads typed fields", "[gateway][json_input]") {
  auto in = parsed(R"({"source":"hotline","text":"路灯不亮","lat":37.46,"lon":121,
    "urgent":true,"limit":20,"big":5.0,"media":["a","b"],"nothing":null,
    "reporter":{"phone":"13800000000","name":"王"}})");
  CHECK(in.present());
  CHECK(in.string("source", true) == std::string("hotline"));
  CHECK(in.string("text", true) == std::string("路灯不亮"));
  CHECK(in.number("lat", true) == Approx(37.46));
  CHECK(in.number("lon") == Approx(121.0));
  CHECK(in.boolean("urgent") == true);
  CHECK(in.integer("limit") == 20);
  CHECK(in.integer("big") == 5);
  CHECK(in.string_array("media", 4, 10) == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(in.string("nothing"));  // null counts as absent
  CHECK_FALSE(in.has("nothing"));
  CHECK(in.has("text"));
  CHECK_FALSE(in.string("absent"));
  CHECK(in.string_array("absent").empty());
  auto rep = in.object("reporter");
  CHECK(rep.present());
  CHECK(rep.string("phone", true, 32) == std::string("13800000000"));
  CHECK(rep.field_name("phone") == "reporter.phone");
  CHECK(in.raw("reporter") == std::string(R"({"phone":"13800000000","name":"王"})"));
  CHECK(in.keys().size() == 10);
  CHECK_FALSE(in.error());
}

TEST_CASE("json_input: each error kind names the field", "[gateway][json_input]") {
  SECTION("missing required") {
    auto in = parsed(R"({"a":1})");
    CHECK_FALSE(in.string("text", true));
    REQUIRE(in.error());
    CHECK(in.error()->code == "missing_field");
    CHECK(in.error()->field == "text");
    CHECK(in.error()->message == "'text' is required");
  }
  SECTION("required but null") {
    auto in = parsed(R"({"text":null})");
    CHECK_FALSE(in.string("text", true));
    CHECK(in.error()->code == "missing_field");
  }
  SECTION("wrong types") {
    struct probe {
      const char* body;
      const char* message;
    };
    auto check = [](const char* body, auto read, const char* message) {
      auto in = parsed(body);
      read(in);
      REQUIRE(in.error());
      CHECK(in.error()->code == "invalid_field");
      CHECK(in.error()->field == "x");
      CHECK(in.error()->message == message);
    };
    check(R"({"x":1})", [](json_object_reader& r) { r.string("x"); }, "'x' must be a string");
    check(R"({"x":"37.4"})", [](json_object_reader& r) { r.number("x"); }, "'x' must be a number");
    check(R"({"x":1.5})", [](json_object_reader& r) { r.integer("x"); }, "'x' must be an integer");
    check(R"({"x":true})", [](json_object_reader& r) { r.integer("x"); }, "'x' must be an integer");
    check(R"({"x":18446744073709551615})", [](json_object_reader& r) { r.integer("x"); },
          "'x' is out of range");
    check(R"({"x":1e30})", [](json_object_reader& r) { r.integer("x"); }, "'x' is out of range");
    check(R"({"x":"true"})", [](json_object_reader& r) { r.boolean("x"); }, "'x' must be a boolean");
    check(R"({"x":[]})", [](json_object_reader& r) { r.object("x"); }, "'x' must be an object");
    check(R"({"x":"a"})", [](json_object_reader& r) { r.string_array("x"); },
          "'x' must be an array of strings");
    check(R"({"x":{}})", [](json_object_reader& r) { r.object_array("x", 3); },
          "'x' must be an array of objects");
    check(R"({"x":"abcdef"})", [](json_object_reader& r) { r.string("x", true, 5); },
          "'x' must be at most 5 bytes");
    check(R"({"x":["a","b","c"]})", [](json_object_reader& r) { r.string_array("x", 2); },
          "'x' must have at most 2 items");
    check(R"({"x":1})", [](json_object_reader& r) { r.fail("x", "'x' must be 1-5"); },
          "'x' must be 1-5");
  }
  SECTION("array elements") {
    auto in = parsed(R"({"media":["ok", 3]})");
    CHECK(in.string_array("media").empty());
    CHECK(in.error()->field == "media[1]");
    CHECK(in.error()->message == "'media[1]' must be a string");

    auto in2 = parsed(R"({"media":["ok", "toolong"]})");
    in2.string_array("media", 5, 3);
    CHECK(in2.error()->field == "media[1]");
  }
  SECTION("the first error wins") {
    auto in = parsed(R"({"lat":"x","lon":"y"})");
    in.number("lat");
    in.number("lon");
    in.string("text", true);
    CHECK(in.error()->field == "lat");
  }
}

TEST_CASE("json_input: nested objects name fields reporter.phone", "[gateway][json_input]") {
  SECTION("wrong type inside") {
    auto in = parsed(R"({"reporter":{"phone":13800000000}})");
    auto rep = in.object("reporter", true);
    CHECK_FALSE(rep.string("phone"));
    // The error is shared with the parent reader.
    REQUIRE(in.error());
    CHECK(in.error()->code == "invalid_field");
    CHECK(in.error()->field == "reporter.phone");
    CHECK(in.error()->message == "'reporter.phone' must be a string");
  }
  SECTION("missing inside") {
    auto in = parsed(R"({"reporter":{"name":"x"}})");
    in.object("reporter").string("phone", true);
    CHECK(in.error()->code == "missing_field");
    CHECK(in.error()->field == "reporter.phone");
  }
  SECTION("missing nested object") {
    auto in = parsed(R"({})");
    auto rep = in.object("reporter", true);
    CHECK_FALSE(rep.present());
    CHECK(in.error()->field == "reporter");
    CHECK(in.error()->code == "missing_field");
  }
  SECTION("optional nested object absent: nothing recorded") {
    auto in = parsed(R"({})");
    auto rep = in.object("reporter");
    CHECK_FALSE(rep.present());
    CHECK_FALSE(rep.string("phone", true));
    CHECK_FALSE(in.error());
  }
  SECTION("deeper and in arrays") {
    auto in = parsed(R"({"a":{"b":{"c":1}},"samples":[{"value":1},{"value":"x"}]})");
    in.object("a").object("b").string("c");
    CHECK(in.error()->field == "a.b.c");
    auto in2 = parsed(R"({"samples":[{"value":1},{"value":"x"}]})");
    auto samples = in2.object_array("samples", 10, true);
    REQUIRE(samples.size() == 2);
    CHECK(samples[0].number("value") == Approx(1));
    CHECK_FALSE(samples[1].number("value"));
    CHECK(in2.error()->field == "samples[1].value");
    auto in3 = parsed(R"({"samples":[{"value":1}, 2]})");
    CHECK(in3.object_array("samples", 10).empty());
    CHECK(in3.error()->field == "samples[1]");
  }
  SECTION("unknown keys inside") {
    auto in = parsed(R"({"reporter":{"phone":"1","age":3}})");
    auto err = in.object("reporter").reject_unknown({"phone", "name"});
    REQUIRE(err);
    CHECK(err->field == "reporter.age");
    CHECK(in.error()->field == "reporter.age");
  }
}

TEST_CASE("json_input: unknown keys", "[gateway][json_input]") {
  auto in = parsed(R"({"text":"a","source":"app","colour":"red"})");
  auto err = in.reject_unknown({"text", "source"});
  REQUIRE(err);
  CHECK(err->code == "invalid_field");
  CHECK(err->field == "colour");
  CHECK(err->message == "unknown field 'colour'");
  CHECK(in.error()->field == "colour");

  auto ok = parsed(R"({"text":"a"})");
  CHECK_FALSE(ok.reject_unknown({"text", "source"}));
  CHECK_FALSE(ok.error());
}

TEST_CASE("json_input: bodies that are not JSON objects", "[gateway][json_input]") {
  for (std::string_view body : {"", "   ", "{", "{\"a\":}", "nul", "{\"a\":1}x", "{'a':1}",
                                "{\"a\":\"\xFF\"}", "[1,2", "\"\\uZZZZ\""}) {
    json_object_reader r;
    auto err = json_object_reader::parse(body, r);
    INFO(body);
    REQUIRE(err);
    CHECK(err->code == "invalid_json");
    CHECK(err->field.empty());
    CHECK_FALSE(err->message.empty());
    CHECK_FALSE(r.present());
    CHECK(r.error());
    CHECK_FALSE(r.string("a", true));  // harmless on a failed reader
  }
  for (std::string_view body : {"[]", "[{}]", "1", "\"x\"", "null", "true"}) {
    json_object_reader r;
    auto err = json_object_reader::parse(body, r);
    INFO(body);
    REQUIRE(err);
    CHECK(err->code == "invalid_field");
    CHECK(err->field.empty());
    CHECK(err->message == "body must be a JSON object");
  }
}

TEST_CASE("json_input: hostile input does not crash", "[gateway][json_input]") {
  SECTION("deep nesting") {
    for (int depth : {10, 63, 64, 65, 1000, 100000}) {
      std::string body = std::string(static_cast<std::size_t>(depth), '[') +
                         std::string(static_cast<std::size_t>(depth), ']');
      std::string obj;
      for (int i = 0; i < depth; ++i) obj += "{\"a\":";
      obj += "1";
      obj += std::string(static_cast<std::size_t>(depth), '}');
      json_object_reader r;
      auto e1 = json_object_reader::parse(body, r);
      CHECK(e1);  // either too deep or not an object
      auto e2 = json_object_reader::parse(obj, r);
      if (depth <= 63) {
        CHECK_FALSE(e2);
        auto cur = r;
        for (int i = 1; i < depth; ++i) cur = cur.object("a", true);
        CHECK(cur.integer("a") == 1);
        CHECK_FALSE(r.error());
      } else if (depth > 64) {
        CHECK(e2);
        CHECK(e2->code == "invalid_json");
      }
    }
  }
  SECTION("huge numbers") {
    json_object_reader r;
    auto e = json_object_reader::parse(R"({"n":1e999})", r);
    if (!e) {
      r.number("n");
      r.integer("n");
    }
    std::string digits(5000, '9');
    auto e2 = json_object_reader::parse("{\"n\":" + digits + "}", r);
    if (!e2) {
      CHECK_FALSE(r.integer("n"));
      r.number("n");
    }
    auto e3 = json_object_reader::parse(R"({"n":-9223372036854775808,"m":9223372036854775807})", r);
    REQUIRE_FALSE(e3);
    CHECK(r.integer("n") == std::numeric_limits<std::int64_t>::min());
    CHECK(r.integer("m") == std::numeric_limits<std::int64_t>::max());
    auto e4 = json_object_reader::parse(R"({"n":-9223372036854775809})", r);
    if (!e4) {
      CHECK_FALSE(r.integer("n"));
      CHECK(r.error()->field == "n");
    }
  }
  SECTION("strings with escapes and NULs") {
    auto in = parsed(R"({"t":"a\u0000b\n\ud83d\ude00","k\u0000":1})");
    auto t = in.string("t");
    REQUIRE(t);
    CHECK(*t == std::string("a\0b\n\xF0\x9F\x98\x80", 8));
    auto err = in.reject_unknown({"t"});
    REQUIRE(err);
    CHECK(err->field == std::string("k\0", 2));
  }
  SECTION("random bytes and mutations") {
    std::mt19937 rng(12345);
    const std::string seed =
        R"({"source":"app","text":"x","lat":1.5,"reporter":{"phone":"1"},"media":["u"]})";
    for (int i = 0; i < 20000; ++i) {
      std::string body = seed;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < edits; ++k) {
        std::size_t pos = rng() % (body.size() + 1);
        switch (rng() % 3) {
          case 0: body.insert(pos, 1, static_cast<char>(rng() % 256)); break;
          case 1: if (pos < body.size()) body.erase(pos, 1); break;
          default: if (pos < body.size()) body[pos] = static_cast<char>(rng() % 256);
        }
      }
      if (i % 10 == 0) {
        body.resize(rng() % 64);
        for (char& c : body) c = static_cast<char>(rng() % 256);
      }
      json_object_reader r;
      if (!json_object_reader::parse(body, r)) {
        r.string("source", true);
        r.string("text", true, 3);
        r.number("lat");
        r.integer("lat");
        r.boolean("lat");
        auto rep = r.object("reporter");
        rep.string("phone");
        r.string_array("media", 1, 1);
        r.object_array("reporter", 1);
        r.raw("reporter");
        r.reject_unknown({"source"});
      }
    }
    SUCCEED();
  }
}

TEST_CASE("json_input: readers outlive later parses and move across threads",
          "[gateway][json_input]") {
  auto first = parsed(R"({"text":"first"})");
  auto second = parsed(R"({"text":"second","more":[1,2,3]})");
  CHECK(first.string("text") == std::string("first"));
  std::optional<std::string> seen;
  std::thread t([&] {  // no Catch assertions on this thread
    json_object_reader third;
    (void)json_object_reader::parse(R"({"text":"third"})", third);
    seen = first.string("text");
  });
  t.join();
  CHECK(seen == std::string("first"));
  CHECK(second.string("text") == std::string("second"));
}
