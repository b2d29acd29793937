// tools/load/load_config, catalogue and complaint_text: a config says what is wrong with it;
// the catalogue parses the service's answers; complaint texts are UTF-8 Chinese naming the
// category's keyword and the place.
#include <catch2/catch.hpp>

#include <string>

#include "tests/unit/load/load_test_city.hpp"
#include "tools/load/catalogue.hpp"
#include "tools/load/complaint_text.hpp"
#include "tools/load/load_config.hpp"

using namespace cityops::load;

namespace {

load_config valid() {
  load_config c;
  c.token = "secret-token";
  c.mix.open311_key = "secret-token";
  return c;
}

// Well-formed UTF-8 (no overlongs checked: the generator only concatenates literals).
bool is_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

TEST_CASE("validate names the first problem of a configuration") {
  CHECK(valid().validate().empty());
  auto c = valid();
  c.token.clear();
  CHECK(c.validate().find("token") != std::string::npos);
  c = valid();
  c.connections = 0;
  CHECK(c.validate().find("--connections") != std::string::npos);
  c = valid();
  c.profile = profile_kind::surge;  // closed loop has no rate to shape
  CHECK(c.validate().find("--mode open") != std::string::npos);
  c.mode = loop_mode::open;
  CHECK(c.validate().empty());
  c.mix.read_ratio = 1.5;
  CHECK(c.validate().find("--read-ratio") != std::string::npos);
  c = valid();
  c.mix.open311_key.clear();
  CHECK(c.validate().find("Open311") != std::string::npos);
  c.mix.sources.open311 = 0;
  CHECK(c.validate().empty());
  c = valid();
  c.threads = 8;
  c.connections = 4;
  CHECK_FALSE(c.validate().empty());
  CHECK_THROWS_AS(c.schedule(), std::invalid_argument);
}

TEST_CASE("the catalogue parses the service's categories and community nodes") {
  std::vector<category_info> cats;
  CHECK(parse_categories(R"({"items":[{"code":"0101","name":"井盖缺失/塌陷","major":"01",
      "sla":{"limit":2,"unit":"hours"},"keywords":["井盖","塌陷"]},
      {"code":"1111","name":"其他咨询求助","major":"11","sla":{"limit":5,"unit":"working_days"},
      "keywords":[]}],"majors":[]})", cats) == "");
  REQUIRE(cats.size() == 2);
  CHECK(cats[0].code == "0101");
  CHECK(cats[0].keywords == std::vector<std::string>{"井盖", "塌陷"});
  CHECK(cats[1].keywords.empty());

  std::vector<community_info> nodes;
  CHECK(parse_communities(R"({"items":[{"id":"370602001001","name":"友谊街社区居民委员会",
      "tier":"community","parent":"370602001","lat":37.557892,"lon":121.40205}]})", nodes) == "");
  REQUIRE(nodes.size() == 1);
  CHECK(nodes[0].parent == "370602001");
  CHECK(nodes[0].lat == Approx(37.557892));
  CHECK(nodes[0].lon == Approx(121.40205));

  CHECK_FALSE(parse_categories("not json", cats).empty());
  CHECK_FALSE(parse_categories(R"({"items":[]})", cats).empty());
  CHECK_FALSE(parse_communities(R"({"error":{"code":"unauthorized"}})", nodes).empty());
}

TEST_CASE("complaint texts name a keyword of the category and the community, per source") {
  const auto city = testing::test_city();
  rng r(4);
  const auto& cat = city.categories[0];
  const auto& where = city.communities[3];
  for (auto source : {case_source::hotline, case_source::grid, case_source::video,
                      case_source::iot, case_source::app, case_source::open311}) {
    for (int i = 0; i < 50; ++i) {
      const std::string t = complaint_text(source, cat, where, r);
      INFO(to_string(source) << ": " << t);
      CHECK(is_utf8(t));
      CHECK(t.size() < 1000);
      CHECK((t.find(cat.keywords[0]) != std::string::npos ||
             t.find(cat.keywords[1]) != std::string::npos));
      CHECK(t.find(where.name) != std::string::npos);
    }
  }
  CHECK(complaint_text(case_source::grid, cat, where, r).rfind("网格员", 0) == 0);
  CHECK(complaint_text(case_source::iot, cat, where, r).find("传感器") != std::string::npos);
  const std::string phone = phone_number(r);
  CHECK(phone.size() == 11);
  CHECK(phone[0] == '1');
}
