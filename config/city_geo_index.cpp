// nearest_community and locate: the city's communities and streets in one Boost.Geometry
// R-tree of points on an equirectangular projection at the city's latitude (x = longitude ×
// cos(latitude of the city node), y = latitude), each tagged with its tier and its territory:
// the index of the district polygon that holds its district (a zone's: its host's). A query
// is an R-tree nearest search filtered to a tier and, for locate, to the territory the
// district map finds the point in.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <unordered_map>

#include <boost/geometry/algorithms/comparable_distance.hpp>  // what nearest queries need
#include <boost/geometry/algorithms/distance.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/geometry/strategies/strategies.hpp>

#include "config/city_model.hpp"

namespace cityops::config {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr std::int32_t no_territory = -1;

using point = bg::model::point<double, 2, bg::cs::cartesian>;
// (projected position, index into nodes_, territory, tier)
using entry = std::tuple<point, std::uint32_t, std::int32_t, tier>;
using point_tree = bgi::rtree<entry, bgi::quadratic<16>>;

}  // namespace

struct city_model::geo_index {
  double lon_scale = 1;  // cos(latitude of the city node)
  point_tree points;

  point project(double lat, double lon) const { return point(lon * lon_scale, lat); }

  // The nearest entry of tier t (and territory, unless no_territory) to (lat, lon).
  const entry* nearest(double lat, double lon, tier t, std::int32_t territory) const {
    auto wanted = [t, territory](const entry& e) {
      return std::get<3>(e) == t && (territory == no_territory || std::get<2>(e) == territory);
    };
    auto it = points.qbegin(bgi::nearest(project(lat, lon), 1) && bgi::satisfies(wanted));
    return it == points.qend() ? nullptr : &*it;
  }
};

void city_model::build_geo_index(std::vector<std::string>& problems) {
  auto index = std::make_shared<geo_index>();
  const node* root = find_node(city_id);
  if (root && std::isfinite(root->lat))
    index->lon_scale = std::max(std::cos(root->lat * pi / 180.0), 1e-6);
  // Territory of each district node: its own polygon, or its host's when it is a zone.
  std::unordered_map<std::string, std::int32_t> territory;
  if (map_) {
    for (std::size_t i = 0; i < map_->districts().size(); ++i) {
      const std::string& code = map_->districts()[i];
      const node* d = find_node(code);
      if (!d || d->tier != tier::district)
        problems.push_back("the district map's polygon '" + code + "' is not a district node");
      territory.emplace(code, static_cast<std::int32_t>(i));
    }
    for (const auto& z : map_->zones()) {
      const node* d = find_node(z.code);
      if (!d || d->tier != tier::district)
        problems.push_back("the district map's zone '" + z.code + "' is not a district node");
      territory.emplace(z.code, static_cast<std::int32_t>(*map_->find(z.host)));
    }
  }
  std::vector<entry> entries;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const node& n = nodes_[i];
    if (n.tier != tier::community && n.tier != tier::street) continue;
    if (!std::isfinite(n.lat) || !std::isfinite(n.lon)) continue;
    // The district above it: at most two steps up (a tree with bad parents is a problem
    // finalize reports; its nodes simply get no territory).
    const node* d = &n;
    for (int step = 0; d && d->tier != tier::district && step < 3; ++step) d = find_node(d->parent);
    std::int32_t t = no_territory;
    if (d && d->tier == tier::district)
      if (auto it = territory.find(d->id); it != territory.end()) t = it->second;
    entries.emplace_back(index->project(n.lat, n.lon), static_cast<std::uint32_t>(i), t, n.tier);
  }
  index->points = point_tree(entries.begin(), entries.end());  // packed: same tree everywhere
  geo_ = std::move(index);
}

const node* city_model::nearest_community(double lat, double lon) const {
  if (!geo_ || !std::isfinite(lat) || !std::isfinite(lon)) return nullptr;
  const entry* e = geo_->nearest(lat, lon, tier::community, no_territory);
  return e ? &nodes_[std::get<1>(*e)] : nullptr;
}

const node* city_model::locate(double lat, double lon) const {
  if (!map_) return nearest_community(lat, lon);
  if (!geo_ || !std::isfinite(lat) || !std::isfinite(lon)) return nullptr;
  const auto district = map_->locate(lat, lon);
  if (!district) return nullptr;
  const auto t = static_cast<std::int32_t>(*district);
  const entry* e = geo_->nearest(lat, lon, tier::community, t);
  if (!e) e = geo_->nearest(lat, lon, tier::street, t);
  return e ? &nodes_[std::get<1>(*e)] : find_node(map_->districts()[*district]);
}

}  // namespace cityops::config
