// The [intake] table: defaults of the embedded city, a user's overrides, and errors that name
// the key (or the corpus file and line).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "config/city_loader.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops::config;
using cityops::testing::temp_dir;

TEST_CASE("the embedded city's intake settings", "[config][intake]") {
  const auto& def = default_city();
  CHECK(def.intake.mode_for("grid") == intake_mode::automatic);
  CHECK(def.intake.mode_for("hotline") == intake_mode::suggest);
  CHECK(def.intake.suggest_threshold <= def.intake.auto_threshold);
  CHECK(def.intake.corpus.size() >= 7);
  CHECK(def.intake.duplicates.radius_by_category.at("0807") == 2000);
  CHECK(def.intake.duplicates.window_hours_by_category.at("08") == 24);
  CHECK_FALSE(def.intake.duplicates.related.empty());
}

TEST_CASE("a user's [intake] overrides the embedded one and reads its own corpus",
          "[config][intake]") {
  temp_dir dir;
  std::ofstream(dir.path() + "/mine.tsv") << "# 路灯\n0108\t小区门口路灯不亮\r\n0101\t井盖没了\n";
  std::ofstream(dir.path() + "/city.toml")
      << "[intake]\nauto_threshold = 0.8\ncorpus = [\"mine.tsv\"]\n"
         "[intake.sources]\nhotline = \"manual\"\n"
         "[intake.duplicates]\nlink_score = 0.6\nflag_score = 0.4\n"
         "related = [\"0101~0202\"]\n";
  city_config out;
  auto err = load_file(dir.path() + "/city.toml", out);
  INFO((err ? err->describe() : std::string("ok")));
  REQUIRE_FALSE(err);
  CHECK(out.intake.auto_threshold == Approx(0.8));
  CHECK(out.intake.mode_for("hotline") == intake_mode::manual);
  CHECK(out.intake.mode_for("grid") == intake_mode::automatic);  // kept from the default
  REQUIRE(out.intake.corpus.size() == 1);
  CHECK(out.intake.duplicates.link_score == Approx(0.6));
  REQUIRE(out.intake.duplicates.related.size() == 1);
  CHECK(out.intake.duplicates.related[0].second == "0202");
}

TEST_CASE("bad [intake] values name their key, bad corpus lines their file and line",
          "[config][intake][errors]") {
  auto error_of = [](const std::string& toml) {
    city_config out;
    auto err = load_string(toml, "city.toml", out);
    REQUIRE(err);
    return *err;
  };
  CHECK(error_of("[intake.sources]\ngrid = \"sometimes\"\n").key == "intake.sources.grid");
  CHECK(error_of("[intake]\nsuggest_threshold = 0.9\nauto_threshold = 0.5\n").key ==
        "intake.suggest_threshold");
  CHECK(error_of("[intake.duplicates]\nrelated = [\"0101-0202\"]\n").key ==
        "intake.duplicates.related");
  CHECK(error_of("[intake.duplicates.radius_m_by_category]\n\"1x\" = 5\n").key ==
        "intake.duplicates.radius_m_by_category.1x");
  CHECK(error_of("[intake]\ncolour = 1\n").key == "intake.colour");

  temp_dir dir;
  std::ofstream(dir.path() + "/bad.tsv") << "0108\t路灯不亮\n9999\t不存在的类别\n";
  std::ofstream(dir.path() + "/city.toml") << "[intake]\ncorpus = [\"bad.tsv\"]\n";
  city_config out;
  auto err = load_file(dir.path() + "/city.toml", out);
  REQUIRE(err);
  CHECK(err->file.find("bad.tsv") != std::string::npos);
  CHECK(err->key == "line 2");
  CHECK(err->message.find("9999") != std::string::npos);
}
