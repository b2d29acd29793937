#include "actors/domain/text_classifier.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/support/service_process.hpp"

using namespace cityops::domain;
using cityops::testing::temp_dir;

namespace {

// A small corpus: enough for the model to separate three categories.
std::vector<labelled_text> tiny_corpus() {
  std::vector<labelled_text> t;
  const char* lamps[] = {"路灯不亮了", "小区门口路灯坏了晚上黑", "这条街的路灯一直不亮",
                         "路灯闪个不停", "灯杆上的路灯灭了好几天", "晚上路灯全黑走路摸黑"};
  const char* covers[] = {"井盖丢了很危险", "路口井盖塌陷", "井盖松动车一压就响",
                          "人行道上井盖没了", "井盖破了个洞", "下水井盖被偷了"};
  const char* stalls[] = {"门口有小贩摆摊", "流动摊贩占道经营", "早上有人在路边摆摊卖菜",
                          "摊贩把人行道占满了", "夜市摆摊堵路", "路边卖水果的小摊"};
  for (int round = 0; round < 3; ++round) {
    for (auto x : lamps) t.push_back({"0108", x});
    for (auto x : covers) t.push_back({"0101", x});
    for (auto x : stalls) t.push_back({"0601", x});
  }
  return t;
}

classifier_options quick() {
  classifier_options o;
  o.bucket = 10000;
  o.epoch = 30;
  return o;
}

}  // namespace

TEST_CASE("tokens are characters, normalised, with numbers as one token", "[classifier]") {
  temp_dir dir;
  std::string error;
  auto c = text_classifier::train(tiny_corpus(), quick(), dir.path() + "/train.txt", error);
  REQUIRE(c);
  CHECK(c->tokens("井蓋３號樓 No.12，漏水！") == "井 盖 0 号 楼 no 0 漏 水");
  CHECK(c->tokens("  ，。") == "");
}

TEST_CASE("the classifier ranks the right category first, deterministically", "[classifier]") {
  temp_dir dir;
  std::string error;
  const auto texts = tiny_corpus();
  auto a = text_classifier::train(texts, quick(), dir.path() + "/a.txt", error);
  auto b = text_classifier::train(texts, quick(), dir.path() + "/b.txt", error);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->name() == b->name());
  CHECK(a->name() == text_classifier::model_name(texts, quick()));
  CHECK(a->name().rfind("fasttext-", 0) == 0);

  const auto r = a->classify("我们楼下的路灯坏了不亮");
  CHECK(r.category == "0108");
  REQUIRE(r.top.size() == 3);
  CHECK(r.top[0].score >= r.top[1].score);
  CHECK(r.confidence == Approx(r.top[0].score));
  CHECK(r.model == a->name());
  const auto again = b->classify("我们楼下的路灯坏了不亮");
  CHECK(again.confidence == Approx(r.confidence));
  CHECK(a->classify("路中间的井盖塌了").category == "0101");

  SECTION("saved and loaded, it answers the same") {
    REQUIRE(a->save(dir.path() + "/m.bin", error));
    auto loaded = text_classifier::load(dir.path() + "/m.bin", a->name(), error);
    REQUIRE(loaded);
    CHECK(loaded->classify("门口有人摆摊").category == a->classify("门口有人摆摊").category);
  }
  SECTION("text without characters gets no opinion") {
    const auto none = a->classify("！！！");
    CHECK(none.top.empty());
    CHECK(none.category.empty());
  }
}
