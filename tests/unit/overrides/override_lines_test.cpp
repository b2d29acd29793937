#include "tools/overrides/override_lines.hpp"

#include <catch2/catch.hpp>

using namespace cityops;

namespace {

domain::case_record classified(const std::string& suggested) {
  domain::case_record r;
  r.id = "3706-20261207-000001";
  r.report.text = "小区门口那排灯\t黑了一个礼拜";
  r.report.classification.category = suggested;
  r.report.classification.confidence = 0.7;
  r.report.classification.model = "fasttext-test";
  r.category = suggested;
  domain::case_event reported;
  reported.type = domain::event_type::reported;
  reported.category = suggested;
  reported.by = "hotline";
  r.history.push_back(reported);
  return r;
}

}  // namespace

TEST_CASE("an operator's reclassification becomes a training line", "[overrides]") {
  auto r = classified("0203");
  domain::case_event re;
  re.type = domain::event_type::reclassified;
  re.category = "0108";
  re.previous_category = "0203";
  re.by = "seat-7";
  r.history.push_back(re);
  r.category = "0108";
  const auto line = overrides::override_of(r);
  REQUIRE(line);
  CHECK(line->suggested == "0203");
  CHECK(line->category == "0108");
  CHECK(line->by == "seat-7");
  CHECK(overrides::format_line(*line) ==
        "# 3706-20261207-000001 0203->0108 by seat-7\n0108\t小区门口那排灯 黑了一个礼拜\n");
}

TEST_CASE("no line when the suggestion stood or only the system moved", "[overrides]") {
  auto kept = classified("0108");
  domain::case_event verified;
  verified.type = domain::event_type::verified;
  verified.by = "seat-7";
  kept.history.push_back(verified);
  CHECK_FALSE(overrides::override_of(kept));

  auto unclassified = classified("");
  unclassified.report.classification = {};
  CHECK_FALSE(overrides::override_of(unclassified));

  // A first category given by an operator at verify, unlike the classifier's low-confidence
  // opinion, is an override too.
  auto first = classified("0301");
  first.category.clear();
  first.history[0].category.clear();
  domain::case_event v;
  v.type = domain::event_type::verified;
  v.category = "0302";
  v.by = "seat-2";
  first.history.push_back(v);
  first.category = "0302";
  const auto line = overrides::override_of(first);
  REQUIRE(line);
  CHECK(line->category == "0302");
}
