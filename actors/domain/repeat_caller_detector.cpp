#include "actors/domain/repeat_caller_detector.hpp"

#include <algorithm>

#include "actors/domain/iso_time.hpp"

namespace cityops::domain {

repeat_caller_detector::repeat_caller_detector(config::repeat_settings settings)
    : settings_(settings) {}

repeat_caller_detector::test repeat_caller_detector::caller_test() {
  return {alert_kind::repeat_caller, settings_.window_hours * ms_per_hour,
          std::max<std::uint32_t>(1, settings_.min_cases), &callers_, &caller_arrivals_};
}

repeat_caller_detector::test repeat_caller_detector::address_test() {
  return {alert_kind::repeat_address, settings_.address_window_hours * ms_per_hour,
          std::max<std::uint32_t>(1, settings_.address_min_callers), &addresses_,
          &address_arrivals_};
}

std::vector<alert> repeat_caller_detector::observe(const risk_observation& o) {
  std::vector<alert> out;
  now_ms_ = std::max(now_ms_, o.at_ms);
  if (o.reporter_hash.empty()) return out;
  const auto* scope = scopes_.intern(o);
  const test callers = caller_test();
  const test addresses = address_test();
  for (auto& a : track(callers, o.reporter_hash, o, scope)) out.push_back(std::move(a));
  if (!o.address_key.empty())
    for (auto& a : track(addresses, o.address_key, o, scope)) out.push_back(std::move(a));
  prune(callers);
  prune(addresses);
  return out;
}

std::vector<alert> repeat_caller_detector::track(const test& t, const std::string& key,
                                                 const risk_observation& o,
                                                 const std::vector<std::string>* scope) {
  run& r = (*t.held)[key];
  t.arrivals->emplace_back(o.at_ms, key);
  if (r.in_episode && o.at_ms - r.last_ms > t.window_ms) r.in_episode = false;
  while (!r.recent.empty() && r.recent.front().at_ms < o.at_ms - t.window_ms) {
    if (auto c = r.callers.find(r.recent.front().caller); c != r.callers.end() && --c->second == 0)
      r.callers.erase(c);
    r.recent.pop_front();
  }
  r.recent.push_back({o.at_ms, o.case_id, o.reporter_hash, scope});
  ++r.callers[o.reporter_hash];
  r.last_ms = std::max(r.last_ms, o.at_ms);

  if (r.in_episode) {
    add_evidence_case(r.episode, o.case_id);
    ++r.episode.evidence.count;
  } else {
    const std::size_t reached =
        t.kind == alert_kind::repeat_caller ? r.recent.size() : r.callers.size();
    if (reached < t.threshold) return {};
    start(t, key, r, o);
  }
  r.episode.updated_ms = o.at_ms;
  r.episode.evidence.to_ms = r.last_ms;
  describe(t, key, r);
  return {r.episode};
}

void repeat_caller_detector::start(const test& t, const std::string& key, run& r,
                                   const risk_observation& o) const {
  const call& first = r.recent.front();
  const bool caller = t.kind == alert_kind::repeat_caller;
  std::string id = caller ? "rc-" + key.substr(0, 12) : "ra-" + hex_digest(key).substr(0, 12);
  id += "-" + first.case_id;
  const std::vector<std::string>& scope = *first.scope;
  r.episode = start_episode_alert(t.kind, std::move(id), o,
                                  scope.empty() ? std::string() : scope.back(), scope, o.at_ms);
  r.episode.category.clear();  // across categories
  r.episode.evidence.subject = key;
  r.episode.evidence.from_ms = first.at_ms;
  for (const call& c : r.recent) add_evidence_case(r.episode, c.case_id);
  r.episode.evidence.count = static_cast<std::uint32_t>(r.recent.size());
  r.in_episode = true;
}

void repeat_caller_detector::describe(const test& t, const std::string& key, run& r) const {
  alert& a = r.episode;
  const std::string hours = std::to_string(t.window_ms / ms_per_hour);
  alert_level level;
  if (t.kind == alert_kind::repeat_caller) {
    level = level_for(a.evidence.count, 2ULL * t.threshold, 3ULL * t.threshold);
    a.message = "一人多诉: caller " + key.substr(0, 12) + " reported " +
                std::to_string(a.evidence.count) + " cases, each within " + hours +
                " h of the one before";
  } else {
    level = level_for(r.callers.size(), 2ULL * t.threshold, 3ULL * t.threshold);
    a.message = "address " + key + ": " + std::to_string(r.callers.size()) +
                " different callers within " + hours + " h, " +
                std::to_string(a.evidence.count) + " cases in this episode";
  }
  a.level = std::max(a.level, level);
}

void repeat_caller_detector::prune(const test& t) {
  const std::int64_t horizon = now_ms_ - t.window_ms;
  auto& arrivals = *t.arrivals;
  while (!arrivals.empty() && arrivals.front().first < horizon) {
    const auto it = t.held->find(arrivals.front().second);
    if (it != t.held->end() && it->second.last_ms < horizon) t.held->erase(it);
    arrivals.pop_front();
  }
}

std::vector<alert> repeat_caller_detector::active_episodes(std::int64_t now_ms) const {
  std::vector<alert> out;
  const auto collect = [&](const runs& held, std::int64_t window_ms) {
    for (const auto& [key, r] : held)
      if (r.in_episode && now_ms - r.last_ms <= window_ms) out.push_back(r.episode);
  };
  collect(callers_, settings_.window_hours * ms_per_hour);
  collect(addresses_, settings_.address_window_hours * ms_per_hour);
  std::sort(out.begin(), out.end(), [](const alert& a, const alert& b) { return a.id < b.id; });
  return out;
}

}  // namespace cityops::domain
