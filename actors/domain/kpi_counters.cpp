#include "actors/domain/kpi_counters.hpp"

#include <algorithm>
#include <cmath>

namespace cityops::domain {

std::uint32_t category_field(std::string_view code) {
  if (code.size() != 4) return 0;
  std::uint32_t n = 0;
  for (const char c : code) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return category_base + n;
}

std::string category_code(std::uint32_t field) {
  std::string s = std::to_string(field - category_base);
  return std::string(4 - std::min<std::size_t>(4, s.size()), '0') + s;
}

namespace {
constexpr std::int64_t ms_per_minute = 60000;
constexpr std::uint32_t per_octave = 8;
}  // namespace

std::uint32_t duration_bucket(std::int64_t ms) {
  const double minutes = static_cast<double>(ms) / ms_per_minute;
  if (minutes < 1) return 0;
  const int octave = static_cast<int>(std::floor(std::log2(minutes)));
  const double within = minutes / std::ldexp(1.0, octave) - 1.0;  // [0, 1)
  const auto sub = std::min<std::uint32_t>(per_octave - 1,
                                           static_cast<std::uint32_t>(within * per_octave));
  return std::min<std::uint32_t>(hist_buckets - 1,
                                 1 + static_cast<std::uint32_t>(octave) * per_octave + sub);
}

std::int64_t bucket_upper_ms(std::uint32_t bucket) {
  if (bucket == 0) return ms_per_minute;
  const std::uint32_t octave = (bucket - 1) / per_octave;
  const std::uint32_t sub = (bucket - 1) % per_octave;
  const double minutes = std::ldexp(1.0, static_cast<int>(octave)) *
                         (1.0 + static_cast<double>(sub + 1) / per_octave);
  return static_cast<std::int64_t>(std::llround(minutes * ms_per_minute));
}

void kpi_counters::add(std::uint32_t field, std::int64_t n) {
  if (n == 0) return;
  auto it = std::lower_bound(entries_.begin(), entries_.end(), field,
                             [](const entry& e, std::uint32_t f) { return e.first < f; });
  if (it != entries_.end() && it->first == field) {
    it->second += n;
    if (it->second == 0) entries_.erase(it);
  } else {
    entries_.insert(it, {field, n});
  }
}

void kpi_counters::add(const kpi_counters& other) {
  if (entries_.empty()) {
    entries_ = other.entries_;
    return;
  }
  // A few fields into a large row (a batch's additions to the city's day): in place, each a
  // binary search, rather than a new merged copy of the row.
  if (other.entries_.size() * 16 < entries_.size()) {
    for (const auto& [id, n] : other.entries_) add(id, n);
    return;
  }
  std::vector<entry> merged;
  merged.reserve(entries_.size() + other.entries_.size());
  auto a = entries_.begin();
  auto b = other.entries_.begin();
  while (a != entries_.end() || b != other.entries_.end()) {
    if (b == other.entries_.end() || (a != entries_.end() && a->first < b->first)) {
      merged.push_back(*a++);
    } else if (a == entries_.end() || b->first < a->first) {
      merged.push_back(*b++);
    } else {
      const auto sum = a->second + b->second;
      if (sum != 0) merged.emplace_back(a->first, sum);
      ++a;
      ++b;
    }
  }
  entries_ = std::move(merged);
}

std::int64_t kpi_counters::get(std::uint32_t field) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), field,
                             [](const entry& e, std::uint32_t f) { return e.first < f; });
  return it != entries_.end() && it->first == field ? it->second : 0;
}

std::vector<kpi_counters::entry> kpi_counters::range(std::uint32_t first,
                                                     std::uint32_t last) const {
  auto lo = std::lower_bound(entries_.begin(), entries_.end(), first,
                             [](const entry& e, std::uint32_t f) { return e.first < f; });
  auto hi = std::lower_bound(lo, entries_.end(), last,
                             [](const entry& e, std::uint32_t f) { return e.first < f; });
  return {lo, hi};
}

std::int64_t histogram_quantile_ms(const kpi_counters& c, std::uint32_t base, double fraction) {
  const auto buckets = c.range(base, base + hist_buckets);
  std::int64_t total = 0;
  for (const auto& [id, n] : buckets) total += n;
  if (total <= 0) return 0;
  const auto rank = static_cast<std::int64_t>(std::ceil(fraction * static_cast<double>(total)));
  std::int64_t seen = 0;
  for (const auto& [id, n] : buckets) {
    seen += n;
    if (seen >= rank) return bucket_upper_ms(id - base);
  }
  return bucket_upper_ms(buckets.back().first - base);
}

}  // namespace cityops::domain
