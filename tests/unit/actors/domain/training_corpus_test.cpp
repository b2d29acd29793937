#include "actors/domain/training_corpus.hpp"

#include <catch2/catch.hpp>

#include "actors/domain/simplified_chinese.hpp"
#include "config/city_loader.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops::domain;

TEST_CASE("corpus lines parse, comments and malformed lines are skipped", "[training_corpus]") {
  const auto texts = parse_corpus("# 0601 占道经营\n0601\t门口有小贩摆摊\r\nbad line\n0101\t井盖没了\n");
  REQUIRE(texts.size() == 2);
  CHECK(texts[0].category == "0601");
  CHECK(texts[0].text == "门口有小贩摆摊");
  CHECK(texts[1].category == "0101");
}

TEST_CASE("the held-out split is fixed and never meets training", "[training_corpus]") {
  const auto& def = cityops::config::default_city();
  const auto c = build_training_corpus(def.intake.corpus, def.city);
  REQUIRE_FALSE(c.held_out.empty());
  for (const auto& t : c.held_out) CHECK(is_held_out(t.text));
  std::size_t from_files = 0;
  for (const auto& t : c.training) from_files += is_held_out(t.text) ? 0 : 1;
  CHECK(from_files > 0);
  // Every minor category has at least 40 texts in the corpus files.
  for (const auto& cat : def.city.categories()) {
    std::size_t n = 0;
    for (const auto& f : def.intake.corpus)
      for (const auto& t : parse_corpus(f.text)) n += t.category == cat.code ? 1 : 0;
    INFO(cat.code);
    CHECK(n >= 40);
  }
}

TEST_CASE("traditional characters read as simplified", "[simplified_chinese]") {
  const simplified_chinese s;
  REQUIRE(s.loaded());
  CHECK(s.convert("井蓋塌陷，馬路上積水") == "井盖塌陷，马路上积水");
  CHECK(s.convert("abc 123") == "abc 123");
}
