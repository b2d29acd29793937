#pragma once
// Breach and silence episodes of city vital signs (docs/vital-signs.md). Pure: no CAF, no
// I/O; the vital-signs watch (actors/vital_signs.hpp) applies these and hands the alerts to
// the alert board.
//
// A breach episode runs from an indicator's first sample at or past a threshold until its
// next normal sample. Its alert is `indicator_breach` with id "ind-<indicator>-b<ms of the
// first breaching sample>", level yellow for warning and red for alarm; it is raised when the
// episode starts and again only when its level rises (the board grows the same alert), and
// closed when a normal sample ends the episode. A breach after that is a new episode, so a
// new alert.
//
// A silence episode: an indicator that had samples and then none for its silence span
// (indicator_rules.hpp is_silent) raises `indicator_silent`, blue, id
// "ind-<indicator>-s<ms of its last sample>"; the next sample closes it.
//
// Ids follow from the samples alone, so raising the same episode again — the next look of
// the clock, a restart, a replayed batch — names the same alert, which the board keeps once.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/alert.hpp"
#include "actors/domain/indicator_rules.hpp"
#include "actors/domain/indicator_sample.hpp"
#include "config/city_model.hpp"
#include "config/indicator_settings.hpp"

namespace cityops::domain {

// An episode that ended: close its alert with a note on why.
struct episode_end {
  std::string alert_id;
  std::string note;
};

// What a batch of samples (or a look at the clock) asks of the alert board.
struct indicator_step {
  std::vector<alert> raise;
  std::vector<episode_end> close;
};

std::string breach_alert_id(std::string_view indicator, std::int64_t episode_ms);
std::string silent_alert_id(std::string_view indicator, std::int64_t last_sample_ms);

// Applies `samples` of the indicator `spec` to `status`: those newer than its latest sample,
// oldest first (older ones are history only and change nothing here). Each is classified;
// episodes start, rise and end as the header says, adding to `out`. A sample after a gap of
// the silence span or more ends the silence episode of the sample before the gap.
void apply_samples(const config::indicator_spec& spec, const config::city_model& city,
                   std::vector<indicator_sample> samples, indicator_status& status,
                   indicator_step& out);

// The indicator_silent alert of `status` at `now_ms`, when the indicator is silent.
std::optional<alert> silent_alert(const config::indicator_spec& spec,
                                  const config::city_model& city, const indicator_status& status,
                                  std::int64_t now_ms);

}  // namespace cityops::domain
