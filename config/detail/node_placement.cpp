// Coordinates for nodes the divisions file gives none: [[positions]] pin some nodes (the
// default city pins its district centres); every other node is put at a pseudo-random but
// fixed offset from its parent, derived from a hash of its code. Only integer hashing and
// correctly rounded arithmetic are used, so every machine computes the same coordinates.
// With a district map, every node of a district with a polygon (or of a zone it hosts) lies
// inside that polygon: an offset falling outside is drawn again from the same sequence, and
// after `max_draws` misses the node takes its parent's place (itself inside). An unpinned
// district sits at a point inside its polygon, an unpinned zone at its marker; a pin outside
// its polygon is an error.
#include <cmath>
#include <cstdint>
#include <tuple>
#include <utility>

#include "config/detail/city_builder.hpp"

namespace cityops::config::detail {

namespace {

// How far from its parent a node of each tier may lie, in degrees of latitude.
double spread_of(tier t) {
  switch (t) {
    case tier::community:
      return 0.02;
    case tier::street:
      return 0.08;
    case tier::district:
      return 0.25;
    case tier::city:
      return 0;
  }
  return 0;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// splitmix64: the next value of a fixed pseudo-random sequence, as a double in [0, 1).
double next_unit(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) / 9007199254740992.0;  // 2^53
}

double round6(double v) { return std::round(v * 1e6) / 1e6; }

constexpr int max_draws = 32;

}  // namespace

void city_builder::place_nodes() {
  // Pinned positions first: they apply to new and adopted nodes alike.
  std::unordered_map<std::string, const position*> pins;
  for (const auto& [id, p] : positions_) pins.emplace(id, &p);
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    auto pin = pins.find(nodes_[i].id);
    if (pin == pins.end()) continue;
    nodes_[i].lat = pin->second->lat;
    nodes_[i].lon = pin->second->lon;
    placed_[i] = true;
  }
  // The city, if unpinned, sits at the mean of its pinned districts (0, 0 without any).
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (placed_[i] || nodes_[i].tier != tier::city) continue;
    double lat = 0;
    double lon = 0;
    int count = 0;
    for (std::size_t j = 0; j < nodes_.size(); ++j)
      if (placed_[j] && nodes_[j].parent == nodes_[i].id) {
        lat += nodes_[j].lat;
        lon += nodes_[j].lon;
        ++count;
      }
    nodes_[i].lat = count ? round6(lat / count) : 0;
    nodes_[i].lon = count ? round6(lon / count) : 0;
    placed_[i] = true;
  }
  check_pins_in_territory();
  // Then tier by tier downwards, each node around its (already placed) parent.
  for (int t = static_cast<int>(tier::district); t >= static_cast<int>(tier::community); --t) {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      node& n = nodes_[i];
      if (placed_[i] || static_cast<int>(n.tier) != t) continue;
      const node* p = find_node(n.parent);
      if (!p) continue;  // reported elsewhere as a dangling parent
      placed_[i] = true;
      const auto territory = territory_of(n);
      if (territory && n.tier == tier::district) {
        std::tie(n.lat, n.lon) = map_->inside_point(*territory);
        for (const auto& z : map_->zones())
          if (z.code == n.id) std::tie(n.lat, n.lon) = std::make_pair(z.lat, z.lon);
        n.lat = round6(n.lat);
        n.lon = round6(n.lon);
        continue;
      }
      // A degree of longitude is shorter than one of latitude by cos(lat); the factor is
      // rounded so that a last-bit difference between maths libraries cannot show.
      const double lon_scale =
          std::round(1000.0 / std::cos(p->lat * 3.14159265358979323846 / 180)) / 1000.0;
      const double r = spread_of(n.tier);
      std::uint64_t state = fnv1a(n.id);
      bool inside = false;
      for (int draw = 0; draw < max_draws && !inside; ++draw) {
        double x = 0;
        double y = 0;
        for (int tries = 0; tries < 64; ++tries) {  // a point in the unit disc
          x = 2 * next_unit(state) - 1;
          y = 2 * next_unit(state) - 1;
          if (x * x + y * y <= 1) break;
        }
        n.lat = round6(p->lat + y * r);
        n.lon = round6(p->lon + x * r * lon_scale);
        inside = !territory || map_->covers(*territory, n.lat, n.lon);
      }
      if (!inside) {
        n.lat = p->lat;
        n.lon = p->lon;
      }
    }
  }
}

std::optional<std::size_t> city_builder::territory_of(const node& n) const {
  if (!map_) return std::nullopt;
  const node* d = &n;
  for (int step = 0; d && d->tier != tier::district && step < 3; ++step) d = find_node(d->parent);
  if (!d || d->tier != tier::district) return std::nullopt;
  if (auto own = map_->find(d->id)) return own;
  for (const auto& z : map_->zones())
    if (z.code == d->id) return map_->find(z.host);
  return std::nullopt;
}

void city_builder::check_pins_in_territory() {
  for (const auto& [id, p] : positions_) {
    const node* n = find_node(id);
    const auto territory = n ? territory_of(*n) : std::nullopt;
    if (territory && !map_->covers(*territory, p.lat, p.lon))
      errors_.fail(p.where.file, p.where.key,
                   "node '" + id + "' (" + n->name + ") lies outside the polygon of " +
                       map_->districts()[*territory] + " " + map_->name_of(*territory) +
                       " in the district map");
  }
}

}  // namespace cityops::config::detail
