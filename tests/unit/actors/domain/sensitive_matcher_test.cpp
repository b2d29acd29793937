// The sensitive-word matcher: each class of the embedded lexicon hits, normalisation makes
// spaced, punctuated, traditional and full-width writings match, hits are de-duplicated and
// the most severe class wins.
#include <catch2/catch.hpp>

#include "actors/domain/sensitive_matcher.hpp"
#include "config/city_loader.hpp"

using cityops::config::lexicon_class;
using cityops::domain::sensitive_matcher;
using cityops::domain::simplified_chinese;

namespace {

const simplified_chinese& simplifier() {
  static const simplified_chinese s;
  return s;
}

const sensitive_matcher& city_matcher() {
  static const sensitive_matcher m(cityops::config::default_city().risk.lexicon, simplifier());
  return m;
}

}  // namespace

TEST_CASE("every class of the embedded lexicon hits", "[domain][risk]") {
  const auto& m = city_matcher();
  struct sample {
    const char* text;
    const char* cls;
    const char* name;
    int severity;
  };
  for (const auto& s : {
           sample{"楼上邻居说再不给他修房子他就跳楼", "extreme_demand", "极端诉求", 4},
           sample{"欠了三个月工资，明天一帮工人要去集体上访", "risky_behaviour", "风险行为", 3},
           sample{"物业一直不管，我要找记者来看看", "public_opinion", "舆情", 2},
           sample{"楼道里一股煤气味儿，好几天了", "safety_hazard", "安全隐患", 3},
       }) {
    INFO(s.text);
    const auto r = m.match(s.text);
    REQUIRE_FALSE(r.empty());
    CHECK(r.hits.front().class_code == s.cls);
    CHECK(r.hits.front().class_name == s.name);
    CHECK(r.severity == s.severity);
  }
}

TEST_CASE("spaces, punctuation, traditional and full-width characters still match",
          "[domain][risk]") {
  const auto& m = city_matcher();
  for (const char* text : {"我要跳楼", "我要跳 楼", "我要跳-楼", "我要跳樓", "我要 跳，楼！",
                           "我要跳\u3000楼", "跳…楼", "「跳」「楼」"}) {
    INFO(text);
    const auto r = m.match(text);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].word == "跳楼");
    CHECK(r.hits[0].class_code == "extreme_demand");
  }
  // Full-width Latin letters and case: a city's own ASCII word.
  const sensitive_matcher ascii({lexicon_class{"public_opinion", "舆情", 2, {"Douyin", "上Ｂ站"}}},
                                simplifier());
  CHECK(ascii.match("我要发到ＤＯＵＹＩＮ上").hits.size() == 1);
  CHECK(ascii.match("我要发到 d o u y i n 上").hits.size() == 1);
  CHECK(ascii.match("我要上b站").hits.size() == 1);
  CHECK(ascii.match("我要上 B 站").hits.size() == 1);
  // A traditional word in the lexicon matches simplified text too.
  const sensitive_matcher traditional({lexicon_class{"extreme_demand", "极端诉求", 4, {"燒樓"}}},
                                      simplifier());
  REQUIRE(traditional.match("我要烧楼").hits.size() == 1);
  CHECK(traditional.match("我要烧楼").hits[0].word == "燒樓");
}

TEST_CASE("a text without a risk word is clean, a word inside a longer phrase still hits",
          "[domain][risk]") {
  const auto& m = city_matcher();
  for (const char* text : {"小区门口路灯不亮了，晚上走路看不见", "井盖没了，很危险", "",
                           "水管炸了，楼下淹了", "噪音扰民，半夜施工", "跳", "楼跳"}) {
    INFO(text);
    const auto r = m.match(text);
    CHECK(r.empty());
    CHECK(r.severity == 0);
    CHECK(m.mark(text).empty());
  }
  // 上访 inside 上访户, 媒体 inside 媒体人: a hit, which the desk reads.
  CHECK(m.match("他是个老上访户了").hits.front().word == "上访");
  CHECK(m.match("我朋友是媒体人").hits.front().word == "媒体");
}

TEST_CASE("hits are de-duplicated and the most severe class wins", "[domain][risk]") {
  const auto& m = city_matcher();
  const auto r = m.match("我要找记者曝光，再不解决就跳楼，跳 楼！跳樓！");
  REQUIRE(r.hits.size() == 4);
  CHECK(r.severity == 4);
  CHECK(r.hits[0].word == "跳楼");  // most severe first, although written last
  CHECK(r.hits[1].word == "找记者");
  CHECK(r.hits[2].word == "记者");  // a word of the class inside 找记者, ending with it
  CHECK(r.hits[3].word == "曝光");
  const auto mark = m.mark("我要找记者曝光，再不解决就跳楼，跳 楼！跳樓！");
  CHECK(mark.word_class == "extreme_demand");
  CHECK(mark.class_name == "极端诉求");
  CHECK(mark.severity == 4);
  CHECK(mark.words == std::vector<std::string>{"跳楼", "找记者", "记者", "曝光"});

  // Overlapping words of one class, and one word in two classes.
  const sensitive_matcher overlap(
      {lexicon_class{"a", "甲", 2, {"上访", "集体上访", "集 体上访"}},
       lexicon_class{"b", "乙", 3, {"上访"}}},
      simplifier());
  CHECK(overlap.word_count() == 3);  // "集 体上访" is "集体上访" again
  const auto o = overlap.match("明天集体上访");
  REQUIRE(o.hits.size() == 3);
  CHECK(o.hits[0].class_code == "b");
  CHECK(o.hits[0].word == "上访");
  CHECK(o.severity == 3);
  CHECK(overlap.mark("明天集体上访").words == std::vector<std::string>{"上访", "集体上访"});
}

TEST_CASE("an empty lexicon, punctuation-only words and invalid UTF-8", "[domain][risk]") {
  const sensitive_matcher none({}, simplifier());
  CHECK(none.match("我要跳楼").empty());
  const sensitive_matcher odd({lexicon_class{"x", "x", 1, {"！！", "跳楼"}}}, simplifier());
  CHECK(odd.word_count() == 1);
  CHECK(odd.match("跳\xff楼").hits.size() == 1);
  CHECK(odd.match("\xe8\xb7").empty());
  CHECK(odd.match("跳😀楼").hits.size() == 1);  // an emoji between is dropped like punctuation
}
