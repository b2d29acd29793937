// nearest_community and locate: the city's communities and streets in Boost.Geometry R-trees
// of points on an equirectangular projection at the city's latitude (x = longitude ×
// cos(latitude of the city node), y = latitude): one of every community for
// nearest_community, and per territory — a district polygon of the map, holding its district
// and the zones it hosts — one of its communities and one of its streets, so that locate's
// nearest search runs in the district's own tree with no filter.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>
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

using point = bg::model::point<double, 2, bg::cs::cartesian>;
using entry = std::pair<point, std::uint32_t>;  // (projected position, index into nodes_)
using point_tree = bgi::rtree<entry, bgi::quadratic<16>>;

// Packed (bulk-loaded): the same tree on every machine, compact and fast to query.
point_tree packed(const std::vector<entry>& entries) {
  return point_tree(entries.begin(), entries.end());
}

}  // namespace

struct city_model::geo_index {
  double lon_scale = 1;  // cos(latitude of the city node)
  point_tree communities;
  std::vector<point_tree> communities_in;  // by territory
  std::vector<point_tree> streets_in;      // by territory

  point project(double lat, double lon) const { return point(lon * lon_scale, lat); }

  // Index into nodes_ of the entry of `tree` nearest to (lat, lon); nullopt when it is empty.
  std::optional<std::uint32_t> nearest(const point_tree& tree, double lat, double lon) const {
    entry found;
    if (tree.query(bgi::nearest(project(lat, lon), 1), &found) == 0) return std::nullopt;
    return found.second;
  }
};

void city_model::build_geo_index(std::vector<std::string>& problems) {
  auto index = std::make_shared<geo_index>();
  const node* root = find_node(city_id);
  if (root && std::isfinite(root->lat))
    index->lon_scale = std::max(std::cos(root->lat * pi / 180.0), 1e-6);
  // Territory of each district node: its own polygon, or its host's when it is a zone.
  std::unordered_map<std::string, std::size_t> territory;
  if (map_) {
    for (std::size_t i = 0; i < map_->districts().size(); ++i) {
      const std::string& code = map_->districts()[i];
      const node* d = find_node(code);
      if (!d || d->tier != tier::district)
        problems.push_back("the district map's polygon '" + code + "' is not a district node");
      territory.emplace(code, i);
    }
    for (const auto& z : map_->zones()) {
      const node* d = find_node(z.code);
      if (!d || d->tier != tier::district)
        problems.push_back("the district map's zone '" + z.code + "' is not a district node");
      territory.emplace(z.code, *map_->find(z.host));
    }
  }
  const std::size_t territories = map_ ? map_->districts().size() : 0;
  std::vector<entry> communities;
  std::vector<std::vector<entry>> communities_in(territories);
  std::vector<std::vector<entry>> streets_in(territories);
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const node& n = nodes_[i];
    if (n.tier != tier::community && n.tier != tier::street) continue;
    if (!std::isfinite(n.lat) || !std::isfinite(n.lon)) continue;
    const entry e(index->project(n.lat, n.lon), static_cast<std::uint32_t>(i));
    if (n.tier == tier::community) communities.push_back(e);
    // The district above it: at most two steps up (a tree with bad parents is a problem
    // finalize reports; its nodes simply get no territory).
    const node* d = &n;
    for (int step = 0; d && d->tier != tier::district && step < 3; ++step) d = find_node(d->parent);
    if (!d || d->tier != tier::district) continue;
    const auto t = territory.find(d->id);
    if (t == territory.end()) continue;
    (n.tier == tier::community ? communities_in : streets_in)[t->second].push_back(e);
  }
  index->communities = packed(communities);
  for (std::size_t t = 0; t < territories; ++t) {
    index->communities_in.push_back(packed(communities_in[t]));
    index->streets_in.push_back(packed(streets_in[t]));
  }
  geo_ = std::move(index);
}

const node* city_model::nearest_community(double lat, double lon) const {
  if (!geo_ || !std::isfinite(lat) || !std::isfinite(lon)) return nullptr;
  const auto i = geo_->nearest(geo_->communities, lat, lon);
  return i ? &nodes_[*i] : nullptr;
}

const node* city_model::locate(double lat, double lon) const {
  if (!map_) return nearest_community(lat, lon);
  if (!geo_ || !std::isfinite(lat) || !std::isfinite(lon)) return nullptr;
  const auto t = map_->locate(lat, lon);
  if (!t) return nullptr;
  auto i = geo_->nearest(geo_->communities_in[*t], lat, lon);
  if (!i) i = geo_->nearest(geo_->streets_in[*t], lat, lon);
  return i ? &nodes_[*i] : find_node(map_->districts()[*t]);
}

}  // namespace cityops::config
