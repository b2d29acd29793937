#include "actors/domain/text_signature.hpp"

#include <algorithm>
#include <iterator>

#include <catch2/catch.hpp>

using namespace cityops::domain;

namespace {

double exact_jaccard(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::vector<std::uint32_t> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  const double uni = static_cast<double>(a.size() + b.size() - common.size());
  return uni == 0 ? 0 : static_cast<double>(common.size()) / uni;
}

}  // namespace

TEST_CASE("normalisation folds full-width forms, case and spaces", "[shingles]") {
  CHECK(normalize_for_matching("跳 楼") == "跳楼");
  CHECK(normalize_for_matching("跳\u3000楼") == "跳楼");
  CHECK(normalize_for_matching("ＡＢＣ１２３ａｂ") == "abc123ab");
  CHECK(normalize_for_matching("Hello World") == "helloworld");
  CHECK(normalize_for_matching(" \t\r\n") == "");
  CHECK(normalize_for_matching("") == "");
}

TEST_CASE("normalisation drops ASCII and CJK punctuation and common symbols", "[shingles]") {
  CHECK(normalize_for_matching("井盖塌陷，污水外冒！！") == "井盖塌陷污水外冒");
  CHECK(normalize_for_matching("“路灯”不亮……") == "路灯不亮");
  CHECK(normalize_for_matching("《条例》【紧急】、。「」『』〔〕") == "条例紧急");
  CHECK(normalize_for_matching("噪音——扰民·夜间‘施工’") == "噪音扰民夜间施工");
  CHECK(normalize_for_matching("No.5, (A-b)! ?") == "no5ab");
  CHECK(normalize_for_matching("①漏水②停电★☆→") == "漏水停电");
  CHECK(normalize_for_matching("1２3号楼～") == "123号楼");
}

TEST_CASE("normalisation skips invalid UTF-8 and is idempotent", "[shingles]") {
  const std::string broken = std::string("井") + "\xFF\xC3" + "盖" + "\xE4\xB8" + "塌";
  CHECK(normalize_for_matching(broken) == "井盖塌");
  CHECK(normalize_for_matching("\xED\xA0\x80" "a") == "a");  // an encoded surrogate
  const std::string raw = "芝罘区 南大街，和北马路交叉口（井盖）塌陷！ＡＢ";
  const std::string once = normalize_for_matching(raw);
  CHECK(normalize_for_matching(once) == once);
}

TEST_CASE("shingles are sorted unique hashes of code point runs", "[shingles]") {
  CHECK(shingles("").empty());
  const auto one = shingles("井");
  REQUIRE(one.size() == 1);
  CHECK(shingles("井", 2) == shingles("井", 1));  // shorter than n: the whole text

  const auto two = shingles("井盖井盖");  // 井盖 盖井 井盖 → two distinct
  CHECK(two.size() == 2);
  CHECK(std::is_sorted(two.begin(), two.end()));
  CHECK(shingles("井盖") != shingles("井盖塌"));
  CHECK(shingles("abc", 2).size() == 2);
  CHECK(shingles("abc", 3).size() == 1);
  CHECK(shingles("abc", 0) == shingles("abc", 1));
  // Runs: "井盖" of 井盖塌 equals "井盖" alone.
  const auto a = shingles("井盖");
  const auto b = shingles("井盖塌");
  CHECK(std::includes(b.begin(), b.end(), a.begin(), a.end()));
  // Deterministic across calls (fixed hash).
  CHECK(shingles("南大街北马路") == shingles("南大街北马路"));
}

TEST_CASE("MinHash estimates the Jaccard similarity of shingle sets", "[shingles]") {
  const auto a = shingles(normalize_for_matching("芝罘区南大街和北马路交叉口井盖塌陷污水外冒"));
  const auto b = shingles(normalize_for_matching("南大街北马路路口那个井盖塌了往外冒污水"));
  const double exact = exact_jaccard(a, b);
  CHECK(exact == Approx(8.0 / 30.0));
  const double estimate = estimated_jaccard(minhash(a), minhash(b));
  CHECK(estimate == Approx(exact).margin(0.15));

  const auto c = shingles(normalize_for_matching("莱山区观海路小区楼下烧烤油烟扰民，晚上十二点还在营业"));
  const auto d = shingles(normalize_for_matching("观海路小区楼下的烧烤店油烟很大，半夜十二点还在营业扰民"));
  CHECK(estimated_jaccard(minhash(c), minhash(d)) == Approx(exact_jaccard(c, d)).margin(0.15));
}

TEST_CASE("MinHash: identical texts give 1, disjoint texts about 0, empty gives 0",
          "[shingles]") {
  const auto x = text_minhash("幸福路十字路口红绿灯不亮，车辆拥堵");
  CHECK_FALSE(x.empty);
  CHECK(estimated_jaccard(x, text_minhash("幸福路十字路口，红绿灯不亮 车辆拥堵！")) == 1.0);
  const auto y = text_minhash("小区供暖温度不达标，室内只有十五度");
  CHECK(estimated_jaccard(x, y) <= 0.05);

  const auto empty = text_minhash("，。！ ");
  CHECK(empty.empty);
  CHECK(estimated_jaccard(empty, empty) == 0.0);
  CHECK(estimated_jaccard(x, empty) == 0.0);
}

TEST_CASE("signatures carry their shingle count, containment tolerates length", "[shingles]") {
  CHECK(minhash(shingles("井盖井盖")).shingle_count == 2);
  CHECK(minhash({7, 3, 7, 5}).shingle_count == 3);  // read as a set
  CHECK(minhash({}).shingle_count == 0);
  CHECK(text_minhash("幸福路十字路口红绿灯不亮").shingle_count == 11);

  // A short report repeated inside a long one: Jaccard is low, containment about 1.
  const auto short_text = text_minhash("幸福路十字路口红绿灯不亮");
  const auto long_text =
      text_minhash("市民来电反映：莱山区幸福路十字路口红绿灯不亮，早高峰车辆拥堵严重，"
                   "交警还没到现场，请信号灯维护单位尽快处理");
  const double j = estimated_jaccard(short_text, long_text);
  CHECK(j < 0.35);
  const double c = estimated_containment(short_text, long_text);
  CHECK(c == Approx(1.0).margin(0.2));
  CHECK(estimated_containment(long_text, short_text) == c);  // symmetric
  CHECK(c == Approx(std::min(1.0, j * (short_text.shingle_count + long_text.shingle_count) /
                                      ((1 + j) * short_text.shingle_count))));
  // Identical texts: 1; unrelated ones: about 0; an empty one: 0.
  CHECK(estimated_containment(short_text, short_text) == 1.0);
  CHECK(estimated_containment(short_text, text_minhash("小区供暖温度不达标，室内只有十五度")) < 0.15);
  CHECK(estimated_containment(short_text, text_minhash("，。")) == 0.0);
  // The floor: the smaller set counts as at least min_shingles.
  CHECK(estimated_containment(short_text, short_text, 22) == Approx(0.5));
}

TEST_CASE("MinHash signatures are fixed across runs", "[shingles]") {
  // Pinned: a change here breaks persisted signatures.
  REQUIRE(shingles("ab") == std::vector<std::uint32_t>{2563531789U});  // fmix32(FNV-1a "ab")
  const auto s = minhash(shingles("ab"));
  CHECK(s.mins[0] == 2752150975U);
  CHECK(s.mins[1] == 3119401752U);
  CHECK(s.mins[63] == 2728154532U);
}
