// [[tokens]] in a city file: API bearer tokens stored as SHA-256, validated with errors that
// name the key.
#include <catch2/catch.hpp>

#include <string>

#include "config/city_loader.hpp"

using namespace cityops::config;

namespace {

const std::string hash_a(64, 'a');
const std::string hash_b(64, 'b');

std::string token(const std::string& body) { return "[[tokens]]\n" + body + "\n"; }

load_error expect_error(const std::string& text) {
  city_config out;
  auto err = load_string(text, "city.toml", out);
  REQUIRE(err.has_value());
  INFO(err->describe());
  return *err;
}

}  // namespace

TEST_CASE("tokens are read from the file with their role and scope", "[config][tokens]") {
  const std::string text =
      token("name = \"hotline-app\"\nsha256 = \"" + hash_a + "\"\nrole = \"citizen_app\"") +
      token("name = \"xy-centre\"\nsha256 = \"" + std::string(64, 'C') +
            "\"\nrole = \"operator\"\nnode = \"370602001\"") +
      token("name = \"xy-squad\"\nsha256 = \"" + hash_b +
            "\"\nrole = \"department\"\ndepartment = \"370602001.street_law_enforcement\"") +
      token("name = \"sup:1\"\nsha256 = \"" + std::string(64, 'd') + "\"\nrole = \"supervisor\"") +
      token("name = \"ops.admin\"\nsha256 = \"" + std::string(64, 'e') + "\"\nrole = \"admin\"");
  city_config out;
  auto err = load_string(text, "city.toml", out);
  INFO((err ? err->describe() : std::string("ok")));
  REQUIRE_FALSE(err);
  REQUIRE(out.tokens.size() == 5);
  CHECK(out.tokens[0].name == "hotline-app");
  CHECK(out.tokens[0].role == "citizen_app");
  CHECK(out.tokens[1].sha256 == std::string(64, 'c'));  // stored lower-case
  CHECK(out.tokens[1].node == "370602001");
  CHECK(out.tokens[2].department == "370602001.street_law_enforcement");
  CHECK(out.tokens[3].name == "sup:1");
  CHECK(out.tokens[4].role == "admin");
  CHECK(default_city().tokens.empty());
}

TEST_CASE("bad tokens are refused naming the key", "[config][tokens]") {
  struct bad {
    std::string text;
    std::string key;
    std::string says;
  };
  const std::string ok_hash = "sha256 = \"" + hash_a + "\"\n";
  const std::vector<bad> cases{
      {token("sha256 = \"" + hash_a + "\"\nrole = \"admin\""), "tokens[0].name", "missing"},
      {token("name = \"a b\"\n" + ok_hash + "role = \"admin\""), "tokens[0].name", "bad name"},
      {token("name = \"admin\"\n" + ok_hash + "role = \"admin\""), "tokens[0].name", "reserved"},
      {token("name = \"x\"\nsha256 = \"abc\"\nrole = \"admin\""), "tokens[0].sha256", "64 hex"},
      {token("name = \"x\"\nsha256 = \"" + std::string(63, 'a') + "g\"\nrole = \"admin\""),
       "tokens[0].sha256", "64 hex"},
      {token("name = \"x\"\n" + ok_hash), "tokens[0].role", "missing"},
      {token("name = \"x\"\n" + ok_hash + "role = \"root\""), "tokens[0].role", "unknown role"},
      {token("name = \"x\"\n" + ok_hash + "role = \"operator\""), "tokens[0].node", "missing"},
      {token("name = \"x\"\n" + ok_hash + "role = \"supervisor\"\nnode = \"370602\""),
       "tokens[0].node", "only operator"},
      {token("name = \"x\"\n" + ok_hash + "role = \"department\""), "tokens[0].department",
       "missing"},
      {token("name = \"x\"\n" + ok_hash + "role = \"operator\"\nnode = \"370602\"\n"
             "department = \"city.water\""),
       "tokens[0].department", "only department"},
      {token("name = \"x\"\n" + ok_hash + "role = \"operator\"\nnode = \"999999\""),
       "tokens[0].node", "unknown node"},
      {token("name = \"x\"\n" + ok_hash + "role = \"department\"\ndepartment = \"city.nope\""),
       "tokens[0].department", "unknown department"},
      {token("name = \"x\"\n" + ok_hash + "role = \"admin\"\ntoken = \"plain\""),
       "tokens[0].token", "unknown key"},
      {token("name = \"x\"\n" + ok_hash + "role = \"admin\"") +
           token("name = \"x\"\nsha256 = \"" + hash_b + "\"\nrole = \"admin\""),
       "tokens[1].name", "duplicate"},
      {token("name = \"x\"\n" + ok_hash + "role = \"admin\"") +
           token("name = \"y\"\n" + ok_hash + "role = \"admin\""),
       "tokens[1].sha256", "same token hash"},
  };
  for (const auto& b : cases) {
    INFO(b.text);
    const auto err = expect_error(b.text);
    CHECK(err.file == "city.toml");
    CHECK(err.key == b.key);
    CHECK(err.message.find(b.says) != std::string::npos);
  }
}
