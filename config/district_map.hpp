#pragma once
// The outlines of a city's districts, read from GeoJSON (config/default/districts.geojson for
// the embedded city; `[map] districts` in a city file): where a point lies, whether a district
// covers it, a point inside a district. Immutable once parsed; every call is const and
// thread-safe. Boost.Geometry stays inside district_map.cpp.
//
// The GeoJSON is a FeatureCollection. `Polygon` and `MultiPolygon` features are districts:
// `properties.code` (a district node's id) and `properties.name`. `Point` features with
// `properties.kind == "zone"` mark a district-level unit without a polygon of its own (a
// development zone): `code`, `name`, and `host`, the code of the district whose polygon holds
// its territory. Other features are refused. Coordinates are [longitude, latitude] (RFC 7946).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityops::config {

struct zone_marker {
  std::string code;
  std::string name;
  std::string host;  // the district whose polygon holds the zone
  double lat = 0;
  double lon = 0;
};

class district_map {
 public:
  // Parses `geojson`. On failure returns nullptr and sets `error` to what is wrong and where
  // ("features[3].properties.code: missing").
  static std::shared_ptr<const district_map> parse(std::string_view geojson, std::string& error);

  // The text as given: what GET /api/v1/city/map serves.
  const std::string& geojson() const;
  // A fingerprint of the text (16 hex digits), for the HTTP ETag.
  const std::string& fingerprint() const;

  // Codes of the districts with a polygon, in file order; names alike.
  const std::vector<std::string>& districts() const;
  const std::string& name_of(std::size_t district) const;
  const std::vector<zone_marker>& zones() const;

  // Index into districts() of `code`'s polygon; nullopt when it has none.
  std::optional<std::size_t> find(std::string_view code) const;
  // Whether district `district`'s polygon holds (lat, lon), its border included.
  bool covers(std::size_t district, double lat, double lon) const;
  // How far outside every polygon a point may lie and still belong to the nearest district,
  // in degrees (about 1 km): outlines are coarse (the embedded ones are quantised to 1/1024°)
  // and a report from a pier or a beach just past the drawn coastline is still the city's.
  static constexpr double border_tolerance = 0.01;
  // The district whose polygon holds (lat, lon) (on a shared border: the first in file order),
  // else the one nearest within border_tolerance; nullopt when there is none. An R-tree of the
  // polygons' boxes finds the candidates.
  std::optional<std::size_t> locate(double lat, double lon) const;
  // A point inside the polygon: its centroid when that is inside, else a point on its surface.
  std::pair<double, double> inside_point(std::size_t district) const;  // (lat, lon)

 private:
  struct impl;
  std::shared_ptr<const impl> impl_;
};

}  // namespace cityops::config
