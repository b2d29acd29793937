// district_map: the GeoJSON is read with simdjson into Boost.Geometry polygons (x = longitude,
// y = latitude, planar, as the map is drawn); an R-tree of the boxes of every polygon part
// narrows a point query to the few parts whose box holds it, `covered_by` decides; outside
// them, the parts whose box comes within the tolerance are measured with `distance`.
#include "config/district_map.hpp"

#include <cstdio>
#include <iterator>
#include <utility>
#include <vector>

#include <boost/geometry/algorithms/centroid.hpp>
#include <boost/geometry/algorithms/correct.hpp>
#include <boost/geometry/algorithms/covered_by.hpp>
#include <boost/geometry/algorithms/distance.hpp>
#include <boost/geometry/algorithms/envelope.hpp>
#include <boost/geometry/algorithms/point_on_surface.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <simdjson.h>

namespace cityops::config {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

using point = bg::model::point<double, 2, bg::cs::cartesian>;  // (longitude, latitude)
using polygon = bg::model::polygon<point, false>;  // counter-clockwise outer rings (RFC 7946)
using multi_polygon = bg::model::multi_polygon<polygon>;
using box = bg::model::box<point>;
// (box of one polygon part, district index, part index)
using part_box = std::tuple<box, std::size_t, std::size_t>;
using part_tree = bgi::rtree<part_box, bgi::quadratic<16>>;

// Thrown inside parsing only: where (a JSON path) and what is wrong.
struct parse_failure {
  std::string where;
  std::string what;
};

std::string fnv1a_hex(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

simdjson::dom::element member(simdjson::dom::element obj, std::string_view key,
                              const std::string& where) {
  simdjson::dom::object o;
  if (obj.get_object().get(o)) throw parse_failure{where, "must be an object"};
  simdjson::dom::element v;
  if (o[key].get(v))
    throw parse_failure{(where.empty() ? "" : where + ".") + std::string(key), "missing"};
  return v;
}

simdjson::dom::array array_of(simdjson::dom::element e, const std::string& where) {
  simdjson::dom::array a;
  if (e.get_array().get(a)) throw parse_failure{where, "must be an array"};
  return a;
}

std::string text_of(simdjson::dom::element e, const std::string& where) {
  std::string_view s;
  if (e.get_string().get(s) || s.empty()) throw parse_failure{where, "must be a non-empty string"};
  return std::string(s);
}

point position_of(simdjson::dom::element e, const std::string& where) {
  const auto a = array_of(e, where);
  double lon = 0;
  double lat = 0;
  if (a.size() < 2 || a.at(0).get_double().get(lon) || a.at(1).get_double().get(lat))
    throw parse_failure{where, "must be [longitude, latitude]"};
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
    throw parse_failure{where, "is not a longitude and latitude"};
  return point(lon, lat);
}

polygon polygon_of(simdjson::dom::element e, const std::string& where) {
  polygon p;
  std::size_t r = 0;
  for (simdjson::dom::element ring_json : array_of(e, where)) {
    const std::string ring_where = where + "[" + std::to_string(r) + "]";
    auto& ring = r == 0 ? p.outer() : (p.inners().emplace_back(), p.inners().back());
    std::size_t i = 0;
    for (simdjson::dom::element pos : array_of(ring_json, ring_where))
      ring.push_back(position_of(pos, ring_where + "[" + std::to_string(i++) + "]"));
    if (ring.size() < 4) throw parse_failure{ring_where, "a ring needs at least 4 positions"};
    ++r;
  }
  if (r == 0) throw parse_failure{where, "a polygon needs an outer ring"};
  return p;
}

}  // namespace

struct district_map::impl {
  std::string geojson;
  std::string fingerprint;
  std::vector<std::string> codes;
  std::vector<std::string> names;
  std::vector<multi_polygon> shapes;
  std::vector<zone_marker> zones;
  part_tree parts;

  void add_feature(simdjson::dom::element f, const std::string& where) {
    const auto props = member(f, "properties", where);
    const auto geometry = member(f, "geometry", where);
    const std::string type = text_of(member(geometry, "type", where + ".geometry"),
                                     where + ".geometry.type");
    const std::string coords_where = where + ".geometry.coordinates";
    const auto coords = member(geometry, "coordinates", where + ".geometry");
    std::string code = text_of(member(props, "code", where + ".properties"),
                               where + ".properties.code");
    std::string name = text_of(member(props, "name", where + ".properties"),
                               where + ".properties.name");
    for (const auto& known : codes)
      if (known == code) throw parse_failure{where + ".properties.code", "duplicate " + code};
    for (const auto& z : zones)
      if (z.code == code) throw parse_failure{where + ".properties.code", "duplicate " + code};
    if (type == "Point") {
      std::string_view kind;
      simdjson::dom::element kind_json;
      if (props["kind"].get(kind_json) || kind_json.get_string().get(kind) || kind != "zone")
        throw parse_failure{where + ".properties.kind", "a Point feature must be a \"zone\""};
      zone_marker z;
      z.code = std::move(code);
      z.name = std::move(name);
      z.host = text_of(member(props, "host", where + ".properties"), where + ".properties.host");
      const point p = position_of(coords, coords_where);
      z.lon = p.get<0>();
      z.lat = p.get<1>();
      zones.push_back(std::move(z));
      return;
    }
    multi_polygon shape;
    if (type == "Polygon") {
      shape.push_back(polygon_of(coords, coords_where));
    } else if (type == "MultiPolygon") {
      std::size_t i = 0;
      for (simdjson::dom::element p : array_of(coords, coords_where))
        shape.push_back(polygon_of(p, coords_where + "[" + std::to_string(i++) + "]"));
      if (shape.empty()) throw parse_failure{coords_where, "no polygon"};
    } else {
      throw parse_failure{where + ".geometry.type",
                          "'" + type + "' (expected Polygon, MultiPolygon or a zone's Point)"};
    }
    bg::correct(shape);  // orientation and closing point, whatever the file's winding
    codes.push_back(std::move(code));
    names.push_back(std::move(name));
    shapes.push_back(std::move(shape));
  }

  void index_parts() {
    std::vector<part_box> boxes;
    for (std::size_t d = 0; d < shapes.size(); ++d)
      for (std::size_t i = 0; i < shapes[d].size(); ++i)
        boxes.emplace_back(bg::return_envelope<box>(shapes[d][i]), d, i);
    parts = part_tree(boxes.begin(), boxes.end());  // packed: deterministic and compact
  }
};

std::shared_ptr<const district_map> district_map::parse(std::string_view geojson,
                                                        std::string& error) {
  auto m = std::make_shared<impl>();
  m->geojson = std::string(geojson);
  m->fingerprint = fnv1a_hex(geojson);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(m->geojson.data(), m->geojson.size()).get(root)) {
    error = std::string("invalid JSON: ") + simdjson::error_message(err);
    return nullptr;
  }
  try {
    std::string_view type;
    if (member(root, "type", "").get_string().get(type) || type != "FeatureCollection")
      throw parse_failure{"type", "must be \"FeatureCollection\""};
    std::size_t i = 0;
    for (simdjson::dom::element f : array_of(member(root, "features", ""), "features")) {
      m->add_feature(f, "features[" + std::to_string(i) + "]");
      ++i;
    }
    for (const auto& z : m->zones) {
      bool found = false;
      for (const auto& c : m->codes) found = found || c == z.host;
      if (!found) throw parse_failure{"zone " + z.code, "host '" + z.host + "' has no polygon"};
    }
  } catch (const parse_failure& f) {
    error = (f.where.empty() ? "" : f.where + ": ") + f.what;
    return nullptr;
  }
  m->index_parts();
  auto out = std::shared_ptr<district_map>(new district_map());
  out->impl_ = std::move(m);
  return out;
}

const std::string& district_map::geojson() const { return impl_->geojson; }
const std::string& district_map::fingerprint() const { return impl_->fingerprint; }
const std::vector<std::string>& district_map::districts() const { return impl_->codes; }
const std::string& district_map::name_of(std::size_t district) const {
  return impl_->names.at(district);
}
const std::vector<zone_marker>& district_map::zones() const { return impl_->zones; }

std::optional<std::size_t> district_map::find(std::string_view code) const {
  for (std::size_t i = 0; i < impl_->codes.size(); ++i)
    if (impl_->codes[i] == code) return i;
  return std::nullopt;
}

bool district_map::covers(std::size_t district, double lat, double lon) const {
  return bg::covered_by(point(lon, lat), impl_->shapes.at(district));
}

std::optional<std::size_t> district_map::locate(double lat, double lon) const {
  const point p(lon, lat);
  std::optional<std::size_t> best;
  std::vector<part_box> candidates;
  impl_->parts.query(bgi::covers(p), std::back_inserter(candidates));
  for (const auto& [b, district, part] : candidates)
    if ((!best || district < *best) && bg::covered_by(p, impl_->shapes[district][part]))
      best = district;
  if (best) return best;
  // Not inside: the nearest polygon part within the border tolerance, if any.
  const box around(point(lon - border_tolerance, lat - border_tolerance),
                   point(lon + border_tolerance, lat + border_tolerance));
  candidates.clear();
  impl_->parts.query(bgi::intersects(around), std::back_inserter(candidates));
  double best_distance = border_tolerance;
  for (const auto& [b, district, part] : candidates) {
    const double d = bg::distance(p, impl_->shapes[district][part]);
    if (d < best_distance || (d == best_distance && best && district < *best)) {
      best_distance = d;
      best = district;
    }
  }
  return best;
}

std::pair<double, double> district_map::inside_point(std::size_t district) const {
  const auto& shape = impl_->shapes.at(district);
  point c;
  bg::centroid(shape, c);
  if (!bg::covered_by(c, shape)) bg::point_on_surface(shape, c);
  return {c.get<1>(), c.get<0>()};
}

}  // namespace cityops::config
