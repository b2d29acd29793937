#include "actors/domain/area_trend_detector.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <boost/math/special_functions/gamma.hpp>

#include "actors/domain/iso_time.hpp"
#include "actors/domain/risk_episode.hpp"

namespace cityops::domain {
namespace {

constexpr std::int64_t hours_per_week = 168;

std::int64_t hour_of(std::int64_t ms) {
  return ms >= 0 ? ms / ms_per_hour : -((-ms + ms_per_hour - 1) / ms_per_hour);
}

// "yyyymmddhh" of the hour in UTC+8.
std::string hour_stamp(std::int64_t ms) {
  const auto local_hour = static_cast<int>(((ms + china_offset_ms) / ms_per_hour) % 24);
  std::string stamp = local_day_stamp(ms);
  stamp.push_back(static_cast<char>('0' + local_hour / 10));
  stamp.push_back(static_cast<char>('0' + local_hour % 10));
  return stamp;
}

std::string format_p(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", p);
  return buf;
}

}  // namespace

double poisson_upper_tail(std::uint32_t count, double lambda) {
  if (count == 0) return 1;
  if (!(lambda > 0)) return 0;
  return boost::math::gamma_p(static_cast<double>(count), lambda);
}

area_trend_detector::area_trend_detector(config::trend_settings settings)
    : settings_(settings),
      window_ms_(std::max<std::int64_t>(1, settings.window_hours) * ms_per_hour),
      new_ms_(settings.new_days * ms_per_day),
      span_hours_(hours_per_week * settings.baseline_weeks +
                  std::max<std::int64_t>(1, settings.window_hours)) {}

std::int64_t area_trend_detector::replay_span_ms() const {
  return std::max((span_hours_ + 1) * ms_per_hour, new_ms_);
}

std::vector<alert> area_trend_detector::observe(const risk_observation& o) {
  std::vector<alert> out;
  if (first_ms_ == never || o.at_ms < first_ms_) first_ms_ = o.at_ms;
  now_ms_ = std::max(now_ms_, o.at_ms);
  if (!o.category.empty()) {
    if (!o.district.empty()) observe_area(o.district, o, out);
    if (settings_.streets && !o.street.empty()) observe_area(o.street, o, out);
  }
  // A pair's hours are trimmed whenever it is observed; the sweep for the pairs no longer
  // observed runs once per day of report time.
  if (hour_of(now_ms_) / 24 != swept_hour_ / 24) sweep();
  return out;
}

void area_trend_detector::observe_area(const std::string& area, const risk_observation& o,
                                       std::vector<alert>& out) {
  pair_state& s = pairs_[area + "/" + o.category];
  check_new(s, area, o, out);
  record(s, o);
  check_high(s, area, o, out);
}

void area_trend_detector::check_new(pair_state& s, const std::string& area,
                                    const risk_observation& o, std::vector<alert>& out) const {
  if (s.fresh && o.at_ms - s.new_alert.at_ms <= window_ms_) {
    add_evidence_case(s.new_alert, o.case_id);
    ++s.new_alert.evidence.count;
    s.new_alert.evidence.to_ms = o.at_ms;
    s.new_alert.updated_ms = o.at_ms;
    s.new_alert.message = "新发: " + std::to_string(s.new_alert.evidence.count) +
                          " cases of " + o.category + " in " + area + ", new to it for " +
                          std::to_string(settings_.new_days) + " days";
    out.push_back(s.new_alert);
    return;
  }
  s.fresh = false;
  const bool watched = o.at_ms - first_ms_ >= new_ms_;
  const bool first_in = s.last_seen_ms == never || o.at_ms - s.last_seen_ms > new_ms_;
  if (!watched || !first_in) return;
  s.new_alert = start_episode_alert(alert_kind::new_issue, "ni-" + area + "-" + o.case_id, o,
                                    area, scope_up_to(o, area), o.at_ms);
  s.new_alert.level = alert_level::blue;
  add_evidence_case(s.new_alert, o.case_id);
  s.new_alert.evidence.count = 1;
  s.new_alert.evidence.subject = o.category;
  s.new_alert.evidence.from_ms = o.at_ms;
  s.new_alert.evidence.to_ms = o.at_ms;
  s.new_alert.message = "新发: the first case of " + o.category + " in " + area + " for " +
                        std::to_string(settings_.new_days) + " days: " + o.case_id;
  s.fresh = true;
  out.push_back(s.new_alert);
}

void area_trend_detector::record(pair_state& s, const risk_observation& o) const {
  const std::int64_t h = hour_of(o.at_ms);
  // Reports arrive in time order, so the hour is the last one or a new one; a late report
  // of an older hour is counted in its own hour.
  auto it = std::lower_bound(s.hours.begin(), s.hours.end(), h,
                             [](const hour_count& c, std::int64_t x) { return c.hour < x; });
  if (it != s.hours.end() && it->hour == h)
    ++it->count;
  else
    s.hours.insert(it, hour_count{h, 1});
  s.cases.emplace_back(h, o.case_id);
  s.last_seen_ms = std::max(s.last_seen_ms, o.at_ms);
  trim(s, hour_of(now_ms_));
}

void area_trend_detector::check_high(pair_state& s, const std::string& area,
                                     const risk_observation& o, std::vector<alert>& out) const {
  const std::int64_t h = hour_of(o.at_ms);
  const finding f = test_at(s, h);
  if (!fires(f)) {
    s.high = false;
    return;
  }
  const std::int64_t w = std::max<std::int64_t>(1, settings_.window_hours);
  if (!s.high || o.at_ms - s.high_last_ms > window_ms_) {
    s.high_alert = start_episode_alert(alert_kind::high_frequency,
                                       "hf-" + area + "-" + o.category + "-" + hour_stamp(o.at_ms),
                                       o, area, scope_up_to(o, area), o.at_ms);
    s.high_alert.evidence.subject = o.category;
    for (const auto& c : s.cases) add_evidence_case(s.high_alert, c.second);
  } else {
    add_evidence_case(s.high_alert, o.case_id);
  }
  s.high = true;
  s.high_last_ms = o.at_ms;
  alert& a = s.high_alert;
  a.updated_ms = o.at_ms;
  a.evidence.count = f.count;
  a.evidence.baseline = f.baseline;
  a.evidence.p_value = f.p_value;
  a.evidence.from_ms = (h - w + 1) * ms_per_hour;
  a.evidence.to_ms = o.at_ms;
  alert_level level = alert_level::yellow;
  if (f.p_value < settings_.p_value / 10000)
    level = alert_level::red;
  else if (f.p_value < settings_.p_value / 100)
    level = alert_level::orange;
  a.level = std::max(a.level, level);
  char baseline[32];
  std::snprintf(baseline, sizeof baseline, "%.2f", f.baseline);
  a.message = "高发: " + std::to_string(f.count) + " cases of " + o.category + " in " + area +
              " within " + std::to_string(w) + " h against a baseline of " + baseline +
              " (p = " + format_p(f.p_value) + ")";
  out.push_back(a);
}

std::uint32_t area_trend_detector::count_in(const pair_state& s, std::int64_t first_hour,
                                            std::int64_t last_hour) const {
  auto it = std::lower_bound(s.hours.begin(), s.hours.end(), first_hour,
                             [](const hour_count& c, std::int64_t x) { return c.hour < x; });
  std::uint32_t n = 0;
  for (; it != s.hours.end() && it->hour <= last_hour; ++it) n += it->count;
  return n;
}

area_trend_detector::finding area_trend_detector::test_at(const pair_state& s,
                                                          std::int64_t hour) const {
  finding f;
  const std::int64_t w = std::max<std::int64_t>(1, settings_.window_hours);
  const std::int64_t weeks = settings_.baseline_weeks;
  f.count = count_in(s, hour - w + 1, hour);
  f.tested = weeks > 0 && first_ms_ != never &&
             hour - hours_per_week * weeks - w + 1 > hour_of(first_ms_);
  if (!f.tested) return f;
  std::uint64_t sum = 0;
  for (std::int64_t k = 1; k <= weeks; ++k) {
    const std::int64_t end = hour - hours_per_week * k;
    sum += count_in(s, end - w + 1, end);
  }
  f.baseline = std::max(settings_.baseline_floor,
                        static_cast<double>(sum) / static_cast<double>(weeks));
  // Below min_count the test cannot fire: skip the tail.
  if (f.count >= settings_.min_count) f.p_value = poisson_upper_tail(f.count, f.baseline);
  return f;
}

bool area_trend_detector::fires(const finding& f) const {
  return f.tested && f.count >= settings_.min_count && f.p_value < settings_.p_value;
}

area_trend_detector::finding area_trend_detector::evaluate(const std::string& area,
                                                           const std::string& category,
                                                           std::int64_t at_ms) const {
  static const pair_state none;
  const auto it = pairs_.find(area + "/" + category);
  return test_at(it == pairs_.end() ? none : it->second, hour_of(at_ms));
}

void area_trend_detector::trim(pair_state& s, std::int64_t hour) const {
  const std::int64_t w = std::max<std::int64_t>(1, settings_.window_hours);
  while (!s.hours.empty() && s.hours.front().hour <= hour - span_hours_) s.hours.pop_front();
  while (!s.cases.empty() && s.cases.front().first <= hour - w) s.cases.pop_front();
}

void area_trend_detector::sweep() {
  swept_hour_ = hour_of(now_ms_);
  // A pair whose last case is older than both the baseline span and new_days holds nothing
  // a test reads any more (its hours are past the span, its last case past new_days).
  const std::int64_t idle_after = std::max(span_hours_ * ms_per_hour, new_ms_);
  for (auto it = pairs_.begin(); it != pairs_.end();)
    it = now_ms_ - it->second.last_seen_ms > idle_after ? pairs_.erase(it) : std::next(it);
}

std::vector<alert> area_trend_detector::active_episodes(std::int64_t now_ms) const {
  std::vector<alert> out;
  const std::int64_t hour = hour_of(now_ms);
  for (const auto& [key, s] : pairs_) {
    if (s.fresh && now_ms - s.new_alert.at_ms <= window_ms_) out.push_back(s.new_alert);
    if (!s.high || now_ms - s.high_last_ms > window_ms_) continue;
    if (fires(test_at(s, hour))) out.push_back(s.high_alert);
  }
  std::sort(out.begin(), out.end(), [](const alert& a, const alert& b) { return a.id < b.id; });
  return out;
}

}  // namespace cityops::domain
