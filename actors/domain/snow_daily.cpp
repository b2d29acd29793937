#include "actors/domain/snow_daily.hpp"

#include <algorithm>
#include <map>

#include "actors/domain/snow_level.hpp"
#include "config/json_reader.hpp"

namespace cityops::domain {
namespace {

using reader = config::json_object_reader;

std::optional<reader> parse(const std::string& json) {
  reader in;
  if (config::json_object_reader::parse(json, in)) return std::nullopt;
  return in;
}

snow_level level_named(const std::string& s) { return parse_snow_level(s).value_or(snow_level::none); }

std::string higher(const std::string& a, const std::string& b) {
  return level_named(b) > level_named(a) ? b : a;
}

// 监测: the inputs a level change recorded.
void monitor(reader& in, snow_day& d) {
  auto inputs = in.object("inputs");
  if (!inputs.present()) return;
  if (const auto s = inputs.object("snowfall").number("value"))
    d.max_snowfall = std::max(d.max_snowfall.value_or(*s), *s);
  if (const auto t = inputs.object("temperature").number("value"))
    d.min_temperature = std::min(d.min_temperature.value_or(*t), *t);
  d.max_hot_spots = std::max(d.max_hot_spots, inputs.integer("hot_spots").value_or(0));
}

void roads_of(reader& in, snow_day& d) {
  d.roads.clear();
  for (auto& r : in.object_array("roads", 100)) {
    snow_day::road x;
    x.road = r.string("road").value_or("");
    x.node = r.string("node").value_or("");
    x.score = r.number("score").value_or(0);
    x.reports = r.integer("reports").value_or(0);
    x.open = r.integer("open").value_or(0);
    d.roads.push_back(std::move(x));
  }
}

}  // namespace

std::optional<snow_day> build_snow_day(const std::vector<scenario_event>& events,
                                       std::int64_t from_ms, std::int64_t to_ms) {
  snow_day d;
  bool active = false;  // as the log says so far
  std::string level = "none";
  bool started = false;  // the day has begun
  bool ran = false;      // active at some time of the day
  auto begin_day = [&] {
    if (started) return;
    started = true;
    d.level_at_start = level;
    ran = active;
  };
  // Per activation: the tally before the day and the last one of the day.
  struct tally {
    std::int64_t reported = 0, closed = 0;
  };
  std::map<std::uint64_t, tally> before, last;
  for (const auto& e : events) {
    if (e.at_ms >= to_ms) break;
    const bool today = e.at_ms >= from_ms;
    if (today) begin_day();
    if (e.kind == scenario_kind::activated || e.kind == scenario_kind::restored) {
      active = true;
      if (e.kind == scenario_kind::activated) level = "none";
      ran = ran || today;
    } else if (e.kind == scenario_kind::deactivated || e.kind == scenario_kind::failed) {
      active = false;
      level = "none";
    }
    auto in = parse(e.detail);
    if (!in) continue;
    if (e.kind == "level") {
      level = in->string("to").value_or("none");
      if (!today) continue;
      d.levels.push_back(snow_day::change{e.at_ms, in->string("from").value_or("none"), level,
                                          in->string_array("deciding")});
      monitor(*in, d);
    } else if (e.kind == "warning" && today) {
      auto w = in->object("warning");
      d.warnings.push_back({e.at_ms, w.string("signal").value_or(""),
                            w.string("source").value_or(""), w.string("text").value_or("")});
    } else if (e.kind == "feedback") {
      (today ? last : before)[e.activation] =
          tally{in->integer("reported").value_or(0), in->integer("closed").value_or(0)};
      if (!today) continue;
      d.max_hot_spots = std::max(d.max_hot_spots, in->integer("hot_spots").value_or(0));
      roads_of(*in, d);
    }
  }
  begin_day();
  if (!ran) return std::nullopt;
  d.level_at_end = level;
  d.highest = d.level_at_start;
  for (const auto& c : d.levels) d.highest = higher(d.highest, c.to);
  for (const auto& [activation, t] : last) {
    const auto b = before.find(activation);
    d.reported += t.reported - (b == before.end() ? 0 : b->second.reported);
    d.closed += t.closed - (b == before.end() ? 0 : b->second.closed);
  }
  return d;
}

}  // namespace cityops::domain
