#pragma once
// The risk watches the runtime spawns (actors/risk_watch.hpp), one per detector kind:
//   sensitive_words  the alert of a report intake marked (domain/sensitive_alert.hpp)
//   callers          一人多诉: callers and addresses (domain/repeat_caller_detector.hpp)
//   areas            新发高发: category × district / street (domain/area_trend_detector.hpp)
//   clusters         集中爆发: many reports in one place (domain/cluster_detector.hpp)
// Each spec owns its detector; the watch actor is its only user.

#include <vector>

#include "actors/risk_watch.hpp"
#include "config/city_model.hpp"
#include "config/risk_settings.hpp"

namespace cityops {

// `city` must outlive the watches.
std::vector<risk_watch_spec> risk_watch_specs(const config::city_model& city,
                                              const config::risk_settings& settings);

}  // namespace cityops
