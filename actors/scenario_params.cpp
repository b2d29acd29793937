#include "actors/scenario_params.hpp"

#include "actors/domain/iso_time.hpp"

namespace cityops {

domain::result<param_reader> parse_params(std::string_view json) {
  param_reader in;
  if (auto err = param_reader::parse(json.empty() ? std::string_view("{}") : json, in))
    return param_error(*err);
  return in;
}

domain::domain_error param_error(const config::input_error& e) {
  const auto code = e.code == "missing_field" ? domain::error_code::missing_field
                                              : domain::error_code::invalid_field;
  return domain::field_error(code, e.field, e.message);
}

std::optional<domain::scenario_area> read_area(param_reader& in, std::string_view key,
                                               const config::city_model& city, bool required) {
  auto area = in.object(key, required);
  if (!area.present()) return std::nullopt;
  const bool node = area.has("node");
  const bool ring = area.has("polygon");
  area.reject_unknown({"node", "polygon"});
  if (node == ring) {
    in.fail(key, "'" + in.field_name(key) + "' needs either 'node' or 'polygon'");
    return std::nullopt;
  }
  domain::scenario_area out;
  if (node) {
    auto id = read_node(area, "node", city);
    if (!id) return std::nullopt;
    out.node = std::move(*id);
    return out;
  }
  auto points = area.object_array("polygon", 1000, true);
  if (area.error()) return std::nullopt;
  if (points.size() < 3) {
    area.fail("polygon", "'" + area.field_name("polygon") + "' needs at least 3 points");
    return std::nullopt;
  }
  for (auto& p : points) {
    const auto lat = p.number("lat", true);
    const auto lon = p.number("lon", true);
    p.reject_unknown({"lat", "lon"});
    if (p.error()) return std::nullopt;
    if (*lat < -90 || *lat > 90) p.fail("lat", "'" + p.field_name("lat") + "' must be within -90..90");
    if (*lon < -180 || *lon > 180)
      p.fail("lon", "'" + p.field_name("lon") + "' must be within -180..180");
    if (p.error()) return std::nullopt;
    out.polygon.push_back(domain::geo_point{*lat, *lon});
  }
  return out;
}

std::optional<config::sla_limit> read_sla_limit(param_reader& in, std::string_view key,
                                                bool required) {
  auto sla = in.object(key, required);
  if (!sla.present()) return std::nullopt;
  const auto limit = sla.integer("limit", true);
  const auto unit = sla.string("unit", true, 32);
  sla.reject_unknown({"limit", "unit"});
  if (sla.error()) return std::nullopt;
  if (*limit < 1 || *limit > 10000) {
    sla.fail("limit", "'" + sla.field_name("limit") + "' must be within 1..10000");
    return std::nullopt;
  }
  config::sla_limit out;
  out.limit = static_cast<std::uint32_t>(*limit);
  if (*unit == "hours") {
    out.unit = config::sla_unit::hours;
  } else if (*unit == "working_days") {
    out.unit = config::sla_unit::working_days;
  } else {
    sla.fail("unit", "'" + sla.field_name("unit") + "' must be hours or working_days, not '" +
                         *unit + "'");
    return std::nullopt;
  }
  return out;
}

std::vector<std::string> read_categories(param_reader& in, std::string_view key,
                                         const config::city_model& city, std::size_t max_items) {
  auto codes = in.string_array(key, max_items, 8);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const auto& c = codes[i];
    if (!city.find_category(c) && !city.find_major(c)) {
      in.fail(std::string(key) + "[" + std::to_string(i) + "]", "unknown category '" + c + "'");
      return {};
    }
  }
  return codes;
}

std::vector<std::string> read_departments(param_reader& in, std::string_view key,
                                          const config::city_model& city, std::size_t max_items) {
  auto ids = in.string_array(key, max_items, 200);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!city.find_department(ids[i])) {
      in.fail(std::string(key) + "[" + std::to_string(i) + "]",
              "unknown department '" + ids[i] + "'");
      return {};
    }
  }
  return ids;
}

std::optional<std::string> read_node(param_reader& in, std::string_view key,
                                     const config::city_model& city, bool required) {
  auto id = in.string(key, required, 64);
  if (!id) return std::nullopt;
  if (!city.find_node(*id)) {
    in.fail(key, "unknown node '" + *id + "'");
    return std::nullopt;
  }
  return id;
}

std::optional<std::int64_t> read_time(param_reader& in, std::string_view key, bool required) {
  auto text = in.string(key, required, 64);
  if (!text) return std::nullopt;
  const auto ms = domain::parse_iso8601(*text);
  if (!ms) in.fail(key, "'" + in.field_name(key) + "' must be an ISO 8601 time, not '" + *text + "'");
  return ms;
}

}  // namespace cityops
