#include "tools/eval/no_touch.hpp"

#include <sstream>

#include "actors/domain/case_event.hpp"

namespace cityops::eval {
namespace {

double share(std::size_t part, std::size_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

}  // namespace

source_mix default_source_mix() {
  return {{"hotline", 60}, {"app", 15}, {"grid", 15}, {"video", 5}, {"iot", 5}};
}

bool parse_source_mix(const std::string& spec, source_mix& out, std::string& error) {
  source_mix mix;
  std::stringstream in(spec);
  std::string item;
  double sum = 0;
  while (std::getline(in, item, ',')) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) {
      error = "'" + item + "' is not source=weight";
      return false;
    }
    const std::string name = item.substr(0, eq);
    if (!domain::parse_case_source(name)) {
      error = "unknown source '" + name + "'";
      return false;
    }
    double weight = 0;
    try {
      std::size_t used = 0;
      weight = std::stod(item.substr(eq + 1), &used);
      if (used != item.size() - eq - 1) throw std::invalid_argument("trailing characters");
    } catch (const std::exception&) {
      error = "weight of '" + name + "' is not a number";
      return false;
    }
    if (!(weight >= 0)) {
      error = "weight of '" + name + "' is negative";
      return false;
    }
    sum += weight;
    mix.emplace_back(name, weight);
  }
  if (!(sum > 0)) {
    error = "the weights must have a positive sum";
    return false;
  }
  out = std::move(mix);
  return true;
}

no_touch_metrics measure_no_touch(const std::vector<classified_text>& items,
                                  const config::intake_settings& intake, const source_mix& mix) {
  no_touch_metrics m;
  std::size_t confident = 0;
  std::size_t confident_right = 0;
  std::size_t suggested_right = 0;
  std::size_t suggested_wrong = 0;
  std::size_t unclassified = 0;
  for (const auto& item : items) {
    if (item.confidence >= intake.auto_threshold) {
      ++confident;
      confident_right += item.correct();
    }
    if (item.predicted().empty() || item.confidence < intake.suggest_threshold) {
      ++unclassified;
    } else {
      (item.correct() ? suggested_right : suggested_wrong) += 1;
    }
  }
  double total = 0;
  for (const auto& [source, weight] : mix) {
    total += weight;
    if (intake.mode_for(source) == config::intake_mode::automatic) m.automatic_weight += weight;
    if (source == "hotline" || source == "app") m.hotline_app_weight += weight;
  }
  if (total > 0) {
    m.automatic_weight /= total;
    m.hotline_app_weight /= total;
  }
  m.confident_share = share(confident, items.size());
  m.no_touch = m.automatic_weight * m.confident_share;
  m.no_touch_accuracy = share(confident_right, confident);
  m.one_action = share(suggested_right, items.size());
  m.suggestion_wrong = share(suggested_wrong, items.size());
  m.unclassified = share(unclassified, items.size());
  m.one_action_of_all = m.one_action * m.hotline_app_weight;
  return m;
}

}  // namespace cityops::eval
