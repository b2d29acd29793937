#pragma once
// JSON of city vital signs (docs/api.md "Vital signs"): an indicator with its definition and
// latest sample, a batch's receipt, an indicator's history.

#include <string>
#include <vector>

#include "actors/indicator_protocol.hpp"
#include "config/indicator_settings.hpp"
#include "gateway/json_writer.hpp"

namespace cityops::gateway {

// {"id", "domain", "domain_name", "name", "unit", "node", "normal": [lo, hi], "thresholds":
// {…given ones…}, "interval_s", "silent_after_s", "state", "latest": {"value", "at", "level",
// "side"} | null, "episode_since": time | null}
void write_indicator(json_writer& w, const config::indicator_settings& registry,
                     const config::indicator_spec& spec, const indicator_view& view);

// {"accepted": n, "refused": [{"index", "field", "reason"}…]}
void write_receipt(json_writer& w, const sample_receipt& r);
// The members of write_receipt's object, inside an object being written.
void write_refusals(json_writer& w, const std::vector<domain::sample_refusal>& refused);

// {"indicator", "unit", "from", "to", "downsampled", "bucket_s"?, "samples", "points":
// [{"at", "value"} | {"at", "to", "min", "max", "mean", "last", "count"}…]}
void write_history(json_writer& w, const config::indicator_spec& spec, const history_query& q,
                   const domain::indicator_history& h);

}  // namespace cityops::gateway
