#include <catch2/catch.hpp>
#include <cmath>

#include "tools/eval/duplicate_corpus.hpp"
#include "actors/domain/case_insight.hpp"
#include "tools/eval/json_writer.hpp"
#include "tools/eval/no_touch.hpp"

using namespace cityops::eval;

TEST_CASE("duplicate TSV lines are parsed and gathered by incident", "[eval][corpus]") {
  const auto lines = parse_duplicate_tsv(
      "# 0802 道路积水\n"
      "0802-g1\t0802\t路口积水\r\n"
      "0802-g1-miss\t0802\t另一个路口积水\n"
      "\n"
      "broken line\n"
      "0802-g1\t0802\t\n"
      "0101-g2\t0101\t井盖没了\n"
      "0802-g1\t0802\t出租车泡水里了");
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].group == "0802-g1");
  CHECK(lines[0].category == "0802");
  CHECK(lines[0].text == "路口积水");
  CHECK(is_near_miss_group("0802-g1-miss"));
  CHECK_FALSE(is_near_miss_group("0802-g1"));
  CHECK_FALSE(is_near_miss_group("-miss"));
  CHECK(incident_of("0802-g1-miss") == "0802-g1");
  CHECK(incident_of("0802-g1") == "0802-g1");

  const auto incidents = group_incidents(lines);
  REQUIRE(incidents.size() == 2);
  CHECK(incidents[0].id == "0802-g1");
  CHECK(incidents[0].reports.size() == 2);
  CHECK(incidents[0].near_misses.size() == 1);
  CHECK(incidents[1].id == "0101-g2");
  CHECK(incidents[1].near_misses.empty());
}

TEST_CASE("duplicate settings become detector rules, hours as milliseconds", "[eval][rules]") {
  cityops::config::duplicate_settings s;
  s.radius_m = 120;
  s.window_hours = 48;
  s.link_score = 0.8;
  s.flag_score = 0.45;
  s.radius_by_category = {{"08", 300}, {"0807", 2000}};
  s.window_hours_by_category = {{"0605", 12}};
  s.related = {{"0101", "0202"}};
  const auto r = cityops::domain::duplicate_rules_from(s);
  CHECK(r.radius_m == 120);
  CHECK(r.window_ms == 48LL * 3600 * 1000);
  CHECK(r.link_score == 0.8);
  CHECK(r.flag_score == 0.45);
  CHECK(r.radius_for("0807") == 2000);
  CHECK(r.radius_for("0802") == 300);
  CHECK(r.window_for("0605") == 12LL * 3600 * 1000);
  CHECK(r.window_for("0101") == 48LL * 3600 * 1000);
  CHECK(r.comparable("0202", "0101"));
  // The weights are not settings: the detector's defaults stay.
  CHECK(r.w_text == cityops::domain::duplicate_rules{}.w_text);
}

TEST_CASE("source mixes parse and weigh the no-touch shares", "[eval][no_touch]") {
  source_mix mix;
  std::string error;
  REQUIRE(parse_source_mix("hotline=50,grid=30,app=20", mix, error));
  REQUIRE(mix.size() == 3);
  CHECK(mix[1] == std::make_pair(std::string("grid"), 30.0));
  CHECK_FALSE(parse_source_mix("hotline=50,fax=1", mix, error));
  CHECK(error == "unknown source 'fax'");
  CHECK_FALSE(parse_source_mix("hotline", mix, error));
  CHECK_FALSE(parse_source_mix("hotline=x", mix, error));
  CHECK_FALSE(parse_source_mix("hotline=-1,app=2", mix, error));
  CHECK_FALSE(parse_source_mix("hotline=0", mix, error));
  CHECK(mix.size() == 3);  // untouched on failure

  cityops::config::intake_settings intake;  // grid automatic, hotline/app suggest
  intake.auto_threshold = 0.6;
  intake.suggest_threshold = 0.3;
  const std::vector<classified_text> items{{"0101", {"0101"}, 0.9},   // confident, right
                                           {"0101", {"0102"}, 0.7},   // confident, wrong
                                           {"0101", {"0101"}, 0.5},   // suggested, right
                                           {"0101", {"0102"}, 0.2}};  // below suggest
  const auto m = measure_no_touch(items, intake, mix);
  CHECK(m.automatic_weight == Approx(0.3));
  CHECK(m.confident_share == Approx(0.5));
  CHECK(m.no_touch == Approx(0.15));
  CHECK(m.no_touch_accuracy == Approx(0.5));
  CHECK(m.hotline_app_weight == Approx(0.7));
  CHECK(m.one_action == Approx(0.5));
  CHECK(m.suggestion_wrong == Approx(0.25));
  CHECK(m.unclassified == Approx(0.25));
  CHECK(m.one_action_of_all == Approx(0.35));
  CHECK(default_source_mix().size() == 5);
}

TEST_CASE("the JSON writer places commas and escapes strings", "[eval][json]") {
  json_writer w;
  w.begin_object();
  w.key("name").value("井盖 \"缺失\"\n");
  w.key("n").value(std::uint64_t{3});
  w.key("share").value(0.875);
  w.key("bad").value(std::nan(""));
  w.key("list").begin_array().value(true).value(false).begin_object().end_object().end_array();
  w.end_object();
  CHECK(w.str() ==
        "{\"name\":\"井盖 \\\"缺失\\\"\\n\",\"n\":3,\"share\":0.875,\"bad\":null,"
        "\"list\":[true,false,{}]}");
}
