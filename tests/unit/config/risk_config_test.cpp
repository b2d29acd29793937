// The [risk] table: the embedded city's lexicon and thresholds, a city file's own lexicon
// merged into it, and errors that name the key (or the lexicon file and its key).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "config/city_loader.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops::config;
using cityops::testing::temp_dir;

namespace {

const lexicon_class* find_class(const risk_settings& risk, const std::string& code) {
  for (const auto& c : risk.lexicon)
    if (c.code == code) return &c;
  return nullptr;
}

bool has_word(const lexicon_class& c, const std::string& word) {
  return std::find(c.words.begin(), c.words.end(), word) != c.words.end();
}

load_error error_of(const std::string& toml) {
  city_config out;
  auto err = load_string(toml, "city.toml", out);
  REQUIRE(err);
  return *err;
}

}  // namespace

TEST_CASE("the embedded city's risk settings", "[config][risk]") {
  const auto& risk = default_city().risk;
  struct expected {
    const char* code;
    const char* name;
    int severity;
    const char* word;
  };
  for (const auto& e : {expected{"extreme_demand", "极端诉求", 4, "跳楼"},
                        expected{"risky_behaviour", "风险行为", 3, "集体上访"},
                        expected{"public_opinion", "舆情", 2, "找记者"},
                        expected{"safety_hazard", "安全隐患", 3, "燃气味"}}) {
    const auto* c = find_class(risk, e.code);
    INFO(e.code);
    REQUIRE(c);
    CHECK(c->name == e.name);
    CHECK(c->severity == e.severity);
    CHECK(c->words.size() >= 25);
    CHECK(has_word(*c, e.word));
  }
  CHECK(risk.repeat.min_cases == 3);
  CHECK(risk.repeat.window_hours == 168);
  CHECK(risk.repeat.address_min_callers == 4);
  CHECK(risk.repeat.address_window_hours == 168);
  CHECK(risk.trend.window_hours == 24);
  CHECK(risk.trend.baseline_weeks == 8);
  CHECK(risk.trend.p_value == Approx(0.001));
  CHECK(risk.trend.min_count == 5);
  CHECK(risk.trend.baseline_floor == Approx(0.2));
  CHECK(risk.trend.new_days == 30);
  CHECK(risk.trend.streets);
  CHECK(risk.cluster.min_reports == 5);
  CHECK(risk.cluster.radius_m == Approx(300));
  CHECK(risk.cluster.window_minutes == 60);
  CHECK(risk.letters.issuer == "烟台市城运中心");
  CHECK(risk.letters.reply_hours == 72);
  CHECK(risk.letters.auto_warning_level == "red");
}

TEST_CASE("a city file overrides thresholds and adds its own lexicon", "[config][risk]") {
  temp_dir dir;
  std::ofstream(dir.path() + "/words.toml")
      << "[[classes]]\ncode = \"extreme_demand\"\nwords = [\"跳楼\", \"去海边不回来了\"]\n"
         "[[classes]]\ncode = \"loan_sharks\"\nname = \"套路贷\"\nseverity = 2\n"
         "words = [\"套路贷\", \"砍头息\"]\n";
  std::ofstream(dir.path() + "/city.toml")
      << "[risk]\nlexicon = \"words.toml\"\n"
         "[risk.cluster]\nmin_reports = 8\n"
         "[risk.letters]\nissuer = \"芝罘区城运中心\"\nauto_warning_level = \"off\"\n";
  city_config out;
  auto err = load_file(dir.path() + "/city.toml", out);
  INFO((err ? err->describe() : std::string("ok")));
  REQUIRE_FALSE(err);
  const auto& risk = out.risk;
  CHECK(risk.cluster.min_reports == 8);
  CHECK(risk.cluster.radius_m == Approx(300));  // kept from the default
  CHECK(risk.letters.issuer == "芝罘区城运中心");
  CHECK(risk.letters.auto_warning_level.empty());
  CHECK(risk.lexicon.size() == default_city().risk.lexicon.size() + 1);
  const auto* extreme = find_class(risk, "extreme_demand");
  REQUIRE(extreme);
  CHECK(extreme->severity == 4);  // no severity in the file: kept
  CHECK(has_word(*extreme, "去海边不回来了"));
  CHECK(std::count(extreme->words.begin(), extreme->words.end(), "跳楼") == 1);
  const auto* loans = find_class(risk, "loan_sharks");
  REQUIRE(loans);
  CHECK(loans->name == "套路贷");
  CHECK(loans->words.size() == 2);
}

TEST_CASE("bad [risk] values name their key, lexicon errors their file and key",
          "[config][risk][errors]") {
  CHECK(error_of("[risk.repeat]\nmin_cases = 0\n").key == "risk.repeat.min_cases");
  CHECK(error_of("[risk.trend]\np_value = 1.5\n").key == "risk.trend.p_value");
  CHECK(error_of("[risk.trend]\nstreets = \"yes\"\n").key == "risk.trend.streets");
  CHECK(error_of("[risk.cluster]\nradius_m = -3\n").key == "risk.cluster.radius_m");
  CHECK(error_of("[risk.letters]\nreply_hours = 0\n").key == "risk.letters.reply_hours");
  CHECK(error_of("[risk.letters]\nissuer = \"\"\n").key == "risk.letters.issuer");
  CHECK(error_of("[risk.letters]\nauto_warning_level = \"purple\"\n").key ==
        "risk.letters.auto_warning_level");
  CHECK(error_of("[risk]\ncolour = 1\n").key == "risk.colour");
  CHECK(error_of("[risk]\nlexicon = \"/nonexistent/words.toml\"\n").key == "risk.lexicon");
  const auto range = error_of("[risk.cluster]\nwindow_minutes = 100000\n");
  CHECK(range.key == "risk.cluster.window_minutes");
  CHECK(range.message.find("out of range") != std::string::npos);

  temp_dir dir;
  auto lexicon_error = [&dir](const std::string& words) {
    std::ofstream(dir.path() + "/words.toml") << words;
    std::ofstream(dir.path() + "/city.toml") << "[risk]\nlexicon = \"words.toml\"\n";
    city_config out;
    auto err = load_file(dir.path() + "/city.toml", out);
    REQUIRE(err);
    CHECK(err->file.find("words.toml") != std::string::npos);
    return *err;
  };
  CHECK(lexicon_error("[[classes]]\ncode = \"extreme_demand\"\nseverity = 5\nwords = [\"x\"]\n")
            .key == "classes[0].severity");
  CHECK(lexicon_error("[[classes]]\ncode = \"new_one\"\nseverity = 2\nwords = [\"x\"]\n").key ==
        "classes[0].name");
  CHECK(lexicon_error("[[classes]]\ncode = \"Bad Code\"\nname = \"n\"\nseverity = 2\n"
                      "words = [\"x\"]\n")
            .key == "classes[0].code");
  CHECK(lexicon_error("[[classes]]\ncode = \"safety_hazard\"\nwords = [\"ok\", \"\"]\n").key ==
        "classes[0].words[1]");
  CHECK(lexicon_error("[[classes]]\ncode = \"safety_hazard\"\nwords = []\n").key ==
        "classes[0].words");
  CHECK(lexicon_error("[[classes]]\ncode = \"safety_hazard\"\nwords = [\"a\"]\ncolour = 1\n")
            .key == "classes[0].colour");
}
