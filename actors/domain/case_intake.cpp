#include "actors/domain/case_intake.hpp"

#include "actors/domain/case_deadline.hpp"

namespace cityops::domain {

result<case_event> decide_report(const new_case& in, std::int64_t now_ms,
                                 const config::city_model& city, const sla_calendar& calendar) {
  if (in.text.empty())
    return field_error(error_code::missing_field, "text", "'text' must describe the problem");
  if (in.text.size() > max_text_bytes)
    return field_error(error_code::invalid_field, "text",
                       "'text' is longer than " + std::to_string(max_text_bytes) + " bytes");
  if (in.lat.has_value() != in.lon.has_value())
    return field_error(error_code::missing_field, in.lat ? "lon" : "lat",
                       "'lat' and 'lon' must be given together");
  if (in.lat && (*in.lat < -90 || *in.lat > 90))
    return field_error(error_code::invalid_field, "lat", "'lat' must be within -90..90");
  if (in.lon && (*in.lon < -180 || *in.lon > 180))
    return field_error(error_code::invalid_field, "lon", "'lon' must be within -180..180");

  const config::node* where = nullptr;
  if (!in.node.empty()) {
    where = city.find_node(in.node);
    if (!where)
      return field_error(error_code::unknown_node, "node", "unknown node '" + in.node + "'");
  } else if (in.lat) {
    where = city.locate(*in.lat, *in.lon);
    if (!where && city.map())
      return field_error(error_code::invalid_field, "lat",
                         "'lat' and 'lon' lie outside every district of " + city.city_name);
  }
  if (!where)
    return field_error(error_code::missing_field, "node",
                       "give a 'node' id or a location as 'lat' and 'lon'");

  const config::category* cat = nullptr;
  if (!in.category.empty()) {
    cat = city.find_category(in.category);
    if (!cat)
      return field_error(error_code::unknown_category, "category",
                         "unknown category '" + in.category + "'");
  }

  case_event ev;
  ev.seq = 1;
  ev.type = event_type::reported;
  ev.at_ms = now_ms;
  ev.by = std::string(to_string(in.source));
  ev.status = case_status::reported;
  ev.node = where->id;
  ev.category = in.category;
  for (const auto* n = where; n; n = city.parent(n->id))
    ev.location_path.insert(ev.location_path.begin(), n->id);
  if (cat)
    if (const auto* dept = city.route(cat->code, where->id)) ev.department = dept->id;
  auto& r = ev.report;
  r.source = in.source;
  r.text = in.text;
  r.category = in.category;
  r.has_location = in.lat.has_value();
  r.lat = in.lat ? *in.lat : where->lat;
  r.lon = in.lon ? *in.lon : where->lon;
  r.address = in.address;
  r.reporter_hash = in.reporter_hash;
  r.reporter_name = in.reporter_name;
  r.media = in.media;
  r.priority = in.priority;
  r.reported_by = in.reported_by;
  settle_deadline(ev, nullptr, city, calendar);
  return ev;
}

}  // namespace cityops::domain
