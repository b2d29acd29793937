// nearest_community: communities are bucketed in a grid of 0.05° cells (about 5 km) built by
// finalize(); a query searches square rings of cells around its own cell and stops as soon as
// no unsearched cell can hold anything nearer than the best community found so far.
#include <algorithm>
#include <cmath>
#include <limits>

#include "config/city_model.hpp"

namespace cityops::config {

namespace {

constexpr double pi = 3.14159265358979323846;

// Cell coordinate of `value`, clamped so that far-away queries cannot overflow a long.
long cell_of(double value, double origin, double cell) {
  const double c = std::floor((value - origin) / cell);
  return static_cast<long>(std::clamp(c, -1e6, 1e6));
}

}  // namespace

void city_model::build_geo_grid() {
  geo_ = geo_grid{};
  std::vector<std::size_t> communities;
  double lat_min = std::numeric_limits<double>::max();
  double lon_min = lat_min;
  double lat_max = std::numeric_limits<double>::lowest();
  double lon_max = lat_max;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const node& n = nodes_[i];
    if (n.tier != tier::community || !std::isfinite(n.lat) || !std::isfinite(n.lon)) continue;
    communities.push_back(i);
    lat_min = std::min(lat_min, n.lat);
    lat_max = std::max(lat_max, n.lat);
    lon_min = std::min(lon_min, n.lon);
    lon_max = std::max(lon_max, n.lon);
  }
  if (communities.empty()) return;
  geo_.lat0 = lat_min;
  geo_.lon0 = lon_min;
  // Keep the grid bounded even for a city spread over a continent: at most 512 cells a side.
  geo_.cell = std::max(0.05, std::max(lat_max - lat_min, lon_max - lon_min) / 512.0);
  geo_.rows = cell_of(lat_max, geo_.lat0, geo_.cell) + 1;
  geo_.cols = cell_of(lon_max, geo_.lon0, geo_.cell) + 1;
  const auto cells = static_cast<std::size_t>(geo_.rows * geo_.cols);
  auto cell_index = [&](const node& n) {
    return static_cast<std::size_t>(cell_of(n.lat, geo_.lat0, geo_.cell) * geo_.cols +
                                    cell_of(n.lon, geo_.lon0, geo_.cell));
  };
  // Counting sort into a compressed layout: start[c] .. start[c + 1] are cell c's nodes.
  geo_.start.assign(cells + 1, 0);
  for (std::size_t i : communities) ++geo_.start[cell_index(nodes_[i]) + 1];
  for (std::size_t c = 0; c < cells; ++c) geo_.start[c + 1] += geo_.start[c];
  geo_.nodes.resize(communities.size());
  std::vector<std::size_t> fill(geo_.start.begin(), geo_.start.end() - 1);
  for (std::size_t i : communities) geo_.nodes[fill[cell_index(nodes_[i])]++] = i;
}

const node* city_model::nearest_community(double lat, double lon) const {
  if (geo_.nodes.empty() || !std::isfinite(lat) || !std::isfinite(lon)) return nullptr;
  // Equirectangular distance, longitude scaled by the cosine of the query's latitude.
  const double k = std::max(std::cos(lat * pi / 180.0), 1e-6);
  const long qr = cell_of(lat, geo_.lat0, geo_.cell);
  const long qc = cell_of(lon, geo_.lon0, geo_.cell);
  std::size_t best = nodes_.size();
  double best_d2 = std::numeric_limits<double>::infinity();
  auto visit = [&](long row, long col) {
    const auto c = static_cast<std::size_t>(row * geo_.cols + col);
    for (std::size_t j = geo_.start[c]; j < geo_.start[c + 1]; ++j) {
      const std::size_t i = geo_.nodes[j];
      const double dlat = nodes_[i].lat - lat;
      const double dlon = (nodes_[i].lon - lon) * k;
      const double d2 = dlat * dlat + dlon * dlon;
      if (d2 < best_d2 || (d2 == best_d2 && i < best)) {  // ties: the first in config order
        best_d2 = d2;
        best = i;
      }
    }
  };
  // Rings closer than r0 lie wholly outside the grid.
  const long r0 = std::max({0L, -qr, qr - (geo_.rows - 1), -qc, qc - (geo_.cols - 1)});
  const long r_last = r0 + std::max(geo_.rows, geo_.cols);
  for (long r = r0; r <= r_last; ++r) {
    const long row_lo = std::max(0L, qr - r);
    const long row_hi = std::min(geo_.rows - 1, qr + r);
    const long col_lo = std::max(0L, qc - r);
    const long col_hi = std::min(geo_.cols - 1, qc + r);
    for (long row = row_lo; row <= row_hi; ++row) {
      if (row == qr - r || row == qr + r) {
        for (long col = col_lo; col <= col_hi; ++col) visit(row, col);
      } else {
        if (qc - r >= 0 && qc - r < geo_.cols) visit(row, qc - r);
        if (qc + r >= 0 && qc + r < geo_.cols) visit(row, qc + r);
      }
    }
    // Anything in a cell beyond ring r is more than r cells away in latitude or longitude.
    const double reach = static_cast<double>(r) * geo_.cell * std::min(1.0, k);
    if (best < nodes_.size() && best_d2 <= reach * reach) break;
  }
  return best < nodes_.size() ? &nodes_[best] : nullptr;
}

}  // namespace cityops::config
