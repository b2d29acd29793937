#include "actors/scenarios/war_room_params.hpp"

#include <set>

namespace cityops::scenarios {
namespace {

constexpr std::int64_t max_window_ms = 31LL * 24 * 3600 * 1000;
constexpr std::size_t max_text = 100;

bool resource_id(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (const char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

bool kind_name(std::string_view s) { return domain::valid_scenario_identifier(s); }

// `key` read as an integer within lo..hi (the field named otherwise).
std::uint32_t bounded(param_reader& in, std::string_view key, std::int64_t lo, std::int64_t hi) {
  const auto v = in.integer(key, true);
  if (!v) return 0;
  if (*v < lo || *v > hi) {
    in.fail(key, "'" + in.field_name(key) + "' must be within " + std::to_string(lo) + ".." +
                     std::to_string(hi));
    return 0;
  }
  return static_cast<std::uint32_t>(*v);
}

std::vector<domain::on_site_team> read_teams(param_reader& station) {
  std::vector<domain::on_site_team> out;
  std::set<std::string> names;
  auto teams = station.object_array("teams", 50, true);
  if (!station.error() && teams.empty()) station.fail("teams", "'" + station.field_name("teams") + "' needs a team");
  for (auto& t : teams) {
    domain::on_site_team team;
    team.name = t.string("name", true, 64).value_or("");
    team.people = bounded(t, "people", 1, 1000);
    t.reject_unknown({"name", "people"});
    if (t.error()) return {};
    if (!names.insert(team.name).second) {
      t.fail("name", "'" + t.field_name("name") + "': another team of the department has this name");
      return {};
    }
    out.push_back(std::move(team));
  }
  return out;
}

std::vector<domain::war_room_station> read_stations(param_reader& in,
                                                    const config::city_model& city) {
  std::vector<domain::war_room_station> out;
  std::set<std::string> seen;
  auto stations = in.object_array("stations", 100, true);
  if (!in.error() && stations.empty()) in.fail("stations", "'stations' needs a department");
  for (auto& s : stations) {
    domain::war_room_station station;
    const auto id = s.string("department", true, 200);
    if (id && !city.find_department(*id)) s.fail("department", "unknown department '" + *id + "'");
    if (id && !s.error() && !seen.insert(*id).second)
      s.fail("department", "'" + s.field_name("department") + "' is stationed twice");
    station.department = id.value_or("");
    station.teams = read_teams(s);
    s.reject_unknown({"department", "teams"});
    if (s.error()) return {};
    out.push_back(std::move(station));
  }
  return out;
}

std::vector<domain::war_room_resource> read_resources(param_reader& in) {
  std::vector<domain::war_room_resource> out;
  std::set<std::string> seen;
  for (auto& r : in.object_array("resources", 1000)) {
    domain::war_room_resource res;
    res.id = r.string("id", true, 32).value_or("");
    res.kind = r.string("kind", true, 32).value_or("");
    res.name = r.string("name", false, max_text).value_or(res.id);
    res.capacity = bounded(r, "capacity", 1, 1000);
    r.reject_unknown({"id", "kind", "name", "capacity"});
    if (r.error()) return {};
    if (!resource_id(res.id)) r.fail("id", "'" + r.field_name("id") + "' must be [a-z0-9_-]{1,32}");
    else if (!seen.insert(res.id).second) r.fail("id", "'" + r.field_name("id") + "' is used twice");
    else if (!kind_name(res.kind)) r.fail("kind", "'" + r.field_name("kind") + "' must be [a-z][a-z0-9_]{0,31}");
    if (r.error()) return {};
    out.push_back(std::move(res));
  }
  return out;
}

}  // namespace

std::optional<domain::domain_error> read_war_room_profile(param_reader& in,
                                                          const scenario_setup& setup,
                                                          domain::war_room_profile& out) {
  const auto& city = setup.city;
  auto area = read_area(in, "area", city);
  auto centre = read_node(in, "centre", city);
  auto from = read_time(in, "from");
  auto until = read_time(in, "until", true);
  auto sla = read_sla_limit(in, "sla", false);
  out.stations = read_stations(in, city);
  out.resources = read_resources(in);
  in.reject_unknown({"area", "centre", "from", "until", "sla", "stations", "resources"});
  if (in.error()) return param_error(*in.error());
  out.area = std::move(*area);
  out.centre = std::move(*centre);
  out.from_ms = from.value_or(setup.now_ms);
  out.until_ms = *until;
  if (sla) out.sla = *sla;
  // Restored after a restart the window was checked when it was activated: one that closed
  // while the service was down ends at once instead (war_room.cpp).
  if (setup.restoring) return std::nullopt;
  if (out.until_ms <= setup.now_ms)
    return domain::field_error(domain::error_code::invalid_field, "until",
                               "'until' must lie in the future");
  if (out.until_ms <= out.from_ms)
    return domain::field_error(domain::error_code::invalid_field, "until",
                               "'until' must lie after 'from'");
  if (out.until_ms - out.from_ms > max_window_ms)
    return domain::field_error(domain::error_code::invalid_field, "until",
                               "'until' must lie within 31 days of 'from'");
  return std::nullopt;
}

domain::result<domain::resource_dispatch> read_dispatch(std::string_view body) {
  auto in = parse_params(body);
  if (!in) return in.error();
  domain::resource_dispatch d;
  d.to = in->string("to", true, max_text).value_or("");
  d.case_id = in->string("case", false, 48).value_or("");
  in->reject_unknown({"to", "case"});
  if (in->error()) return param_error(*in->error());
  return d;
}

domain::result<domain::resource_run> read_run(std::string_view body) {
  auto in = parse_params(body);
  if (!in) return in.error();
  domain::resource_run r;
  r.people = bounded(*in, "people", 0, 100000);
  r.from = in->string("from", false, max_text).value_or("");
  r.to = in->string("to", false, max_text).value_or("");
  r.at_ms = read_time(*in, "at").value_or(0);
  r.case_id = in->string("case", false, 48).value_or("");
  r.ref = in->string("ref", false, 64).value_or("");
  in->reject_unknown({"people", "from", "to", "at", "case", "ref"});
  if (in->error()) return param_error(*in->error());
  return r;
}

std::optional<domain::domain_error> read_release(std::string_view body) {
  auto in = parse_params(body);
  if (!in) return in.error();
  in->string("reason", false, max_text);
  in->reject_unknown({"reason"});
  if (in->error()) return param_error(*in->error());
  return std::nullopt;
}

}  // namespace cityops::scenarios
