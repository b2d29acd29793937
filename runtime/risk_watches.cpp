#include "runtime/risk_watches.hpp"

#include <memory>
#include <utility>

#include "actors/domain/area_trend_detector.hpp"
#include "actors/domain/cluster_detector.hpp"
#include "actors/domain/repeat_caller_detector.hpp"
#include "actors/domain/risk_observation.hpp"
#include "actors/domain/sensitive_alert.hpp"

namespace cityops {
namespace {

// A week more than a detector's own window, so an episode running at a restart is replayed
// from its start and keeps its id (as domain::risk_detectors::replay_span_ms).
constexpr std::int64_t episode_margin_ms = 7LL * 24 * 3600 * 1000;
constexpr std::int64_t ms_per_hour = 3600LL * 1000;
constexpr std::int64_t ms_per_minute = 60LL * 1000;

// A spec over a statistical detector fed risk observations.
template <class Detector>
risk_watch_spec detector_spec(std::string name, const config::city_model& city,
                              std::shared_ptr<Detector> d, std::int64_t span_ms,
                              bool needs_category) {
  risk_watch_spec s;
  s.name = std::move(name);
  s.replay_span_ms = span_ms;
  s.needs_category = needs_category;
  s.observe = [d, &city](const domain::case_record& r) { return d->observe(domain::observe(r, city)); };
  s.active = [d](std::int64_t now_ms) { return d->active_episodes(now_ms); };
  return s;
}

}  // namespace

std::vector<risk_watch_spec> risk_watch_specs(const config::city_model& city,
                                              const config::risk_settings& settings) {
  std::vector<risk_watch_spec> out;

  risk_watch_spec words;
  words.name = "sensitive_words";
  words.observe = [&city](const domain::case_record& r) {
    std::vector<domain::alert> found;
    if (auto a = domain::sensitive_words_alert(r, city)) found.push_back(std::move(*a));
    return found;
  };
  out.push_back(std::move(words));

  const auto& rep = settings.repeat;
  out.push_back(detector_spec(
      "callers", city, std::make_shared<domain::repeat_caller_detector>(rep),
      std::max(rep.window_hours, rep.address_window_hours) * ms_per_hour + episode_margin_ms,
      /*needs_category=*/false));

  auto areas = std::make_shared<domain::area_trend_detector>(settings.trend);
  const auto area_span = areas->replay_span_ms() + episode_margin_ms;
  out.push_back(detector_spec("areas", city, std::move(areas), area_span,
                              /*needs_category=*/true));

  // A cluster lives while reports keep coming within its window: two windows replayed find
  // a running one from its first report (a burst longer than that is found again under a
  // new id).
  out.push_back(detector_spec("clusters", city,
                              std::make_shared<domain::cluster_detector>(settings.cluster),
                              2 * settings.cluster.window_minutes * ms_per_minute + ms_per_hour,
                              /*needs_category=*/false));
  return out;
}

}  // namespace cityops
