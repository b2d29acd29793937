#include "actors/domain/risk_detectors.hpp"

#include <algorithm>
#include <iterator>

#include "actors/domain/iso_time.hpp"

namespace cityops::domain {
namespace {

void append(std::vector<alert>& out, std::vector<alert> more) {
  out.insert(out.end(), std::make_move_iterator(more.begin()),
             std::make_move_iterator(more.end()));
}

// Episodes that began up to a week before the restart are seen from their start.
constexpr std::int64_t episode_margin_ms = 7 * ms_per_day;

}  // namespace

risk_detectors::risk_detectors(const config::repeat_settings& repeat,
                               const config::trend_settings& trend,
                               const config::cluster_settings& cluster)
    : repeat_(repeat), trend_(trend), cluster_(cluster) {}

risk_detectors::risk_detectors(const config::risk_settings& settings)
    : risk_detectors(settings.repeat, settings.trend, settings.cluster) {}

std::vector<alert> risk_detectors::observe(const risk_observation& o) {
  std::vector<alert> out = repeat_.observe(o);
  append(out, trend_.observe(o));
  append(out, cluster_.observe(o));
  return out;
}

std::vector<alert> risk_detectors::active_episodes(std::int64_t now_ms) const {
  std::vector<alert> out = repeat_.active_episodes(now_ms);
  append(out, trend_.active_episodes(now_ms));
  append(out, cluster_.active_episodes(now_ms));
  std::sort(out.begin(), out.end(), [](const alert& a, const alert& b) { return a.id < b.id; });
  return out;
}

std::int64_t risk_detectors::replay_span_ms() const {
  const auto& r = repeat_.settings();
  return std::max({trend_.replay_span_ms(), r.window_hours * ms_per_hour,
                   r.address_window_hours * ms_per_hour}) +
         episode_margin_ms;
}

}  // namespace cityops::domain
