#pragma once
// How intake treats a new report: who decides its first moves per source, the classifier's
// confidence thresholds and training corpus, and the duplicate rules. Read from the
// [intake] table (config/README.md); the embedded city's values are config/default/intake.toml.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cityops::config {

// Who moves a classified report on:
//   automatic: a confident case is verified, accepted and dispatched by the system (`by: auto`);
//   suggest:   the case waits in `reported` with the suggested category for an operator;
//   manual:    the suggestion is recorded, the category is left to an operator.
enum class intake_mode : std::uint8_t { manual = 0, suggest, automatic };

struct duplicate_settings {
  double radius_m = 150;                // default search radius around a new report
  std::int64_t window_hours = 72;       // how far back an open case may lie
  double link_score = 0.5;              // at or above: linked as duplicate_of
  double flag_score = 0.35;             // at or above: flagged possible_duplicate_of
  // By minor ("0101") or major ("01") code; a minor's own entry wins over its major's.
  std::map<std::string, double> radius_by_category;
  std::map<std::string, std::int64_t> window_hours_by_category;
  // Pairs of minor or major codes whose reports may describe one incident (井盖 ~ 道路塌陷).
  std::vector<std::pair<std::string, std::string>> related;
};

struct corpus_file {
  std::string name;  // as named in the config, for errors and provenance
  std::string text;  // lines "<minor code>\t<text>"; '#' starts a comment line
};

struct intake_settings {
  // Per source wire name (hotline, grid, video, iot, app, open311).
  std::map<std::string, intake_mode> mode_by_source{
      {"hotline", intake_mode::suggest}, {"grid", intake_mode::automatic},
      {"video", intake_mode::automatic}, {"iot", intake_mode::automatic},
      {"app", intake_mode::suggest},     {"open311", intake_mode::suggest}};
  double auto_threshold = 0.9;     // confidence for the system to act (automatic sources)
  double suggest_threshold = 0.5;  // below: the case waits unclassified (needs_classification)
  std::vector<corpus_file> corpus;  // labelled texts the classifier is trained on
  duplicate_settings duplicates;

  intake_mode mode_for(const std::string& source) const {
    auto it = mode_by_source.find(source);
    return it == mode_by_source.end() ? intake_mode::suggest : it->second;
  }
};

}  // namespace cityops::config
