#include "actors/domain/snow_roads.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "actors/domain/utf8_codec.hpp"

namespace cityops::domain {
namespace {

constexpr std::int64_t ms_per_hour = 3600 * 1000LL;
constexpr std::size_t cases_listed = 5;

bool is_han(char32_t c) { return c >= 0x4E00 && c <= 0x9FFF; }

// Characters that end a place before a road name: administrative units and the small words
// that join or place names.
bool is_stop(char32_t c) {
  static const std::u32string stops = U"区市县镇乡村省与和及、在的上近旁号口至到从往向是有了";
  return !is_han(c) || stops.find(c) != std::u32string::npos;
}

// The suffix of a road name ending before position `end` (its length in code points), 0 when
// none. Longer suffixes first.
std::size_t suffix_at(const std::u32string& s, std::size_t end) {
  static const std::u32string two[] = {U"大道", U"大街", U"隧道", U"高速", U"公路"};
  for (const auto& x : two)
    if (end >= 2 && s.compare(end - 2, 2, x) == 0) return 2;
  static const std::u32string one = U"路街巷桥";
  if (end >= 1 && one.find(s[end - 1]) != std::u32string::npos) return 1;
  return 0;
}

// After a road's last character: what makes it no name (路面, 路滑, 路灯, 路况, 路牌) or a
// sub-district (街道).
bool not_a_name(char32_t last, char32_t next) {
  static const std::u32string after_road = U"面滑灯况牌";
  if (last == U'街' && next == U'道') return true;
  return last == U'路' && after_road.find(next) != std::u32string::npos;
}

std::u32string decode(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    const auto n = decode_utf8(text, i, c);
    if (n == 0) {
      out.push_back(U' ');
      ++i;
      continue;
    }
    out.push_back(c);
    i += n;
  }
  return out;
}

std::string encode(const std::u32string& s, std::size_t from, std::size_t to) {
  std::string out;
  for (auto i = from; i < to; ++i) append_utf8(out, s[i]);
  return out;
}

double weight(bool urgent, bool open, std::int64_t age_ms) {
  const double w = (urgent ? 2.0 : 1.0) * (open ? 1.0 : 0.25);
  return w * std::pow(0.5, static_cast<double>(std::max<std::int64_t>(0, age_ms)) / ms_per_hour);
}

}  // namespace

std::vector<std::string> road_names(std::string_view text) {
  const auto s = decode(text);
  std::vector<std::string> out;
  std::size_t start = 0;  // no name reaches back before this
  for (std::size_t end = 1; end <= s.size(); ++end) {
    const auto suffix = suffix_at(s, end);
    if (suffix == 0) continue;
    if (end < s.size() && not_a_name(s[end - 1], s[end])) continue;
    std::size_t from = end - suffix;
    while (from > start && !is_stop(s[from - 1])) {
      if (from >= start + 2 && s[from - 2] == U'街' && s[from - 1] == U'道') break;
      --from;
    }
    if (end - from < 3 || end - from > 12) continue;
    auto name = encode(s, from, end);
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    start = end;
  }
  return out;
}

std::string road_of(const report_details& report) {
  for (const auto* text : {&report.address, &report.text}) {
    auto names = road_names(*text);
    if (!names.empty()) return std::move(names.front());
  }
  return {};
}

snow_road_board::snow_road_board(std::int64_t window_ms, std::uint32_t hot_spot_reports)
    : window_ms_(window_ms), hot_spot_reports_(std::max<std::uint32_t>(1, hot_spot_reports)) {}

void snow_road_board::observe(const case_record& r, std::int64_t now_ms) {
  expire(now_ms);
  if (r.created_ms < now_ms - window_ms_) return;
  auto it = cases_.find(r.id);
  if (it == cases_.end()) {
    entry e;
    e.road = road_of(r.report);
    e.node = r.location_path.empty() ? r.node : r.location_path.back();
    e.at_ms = r.created_ms;
    it = cases_.emplace(r.id, std::move(e)).first;
    order_.emplace(r.created_ms, r.id);
  }
  it->second.urgent = r.report.priority == case_priority::urgent;
  it->second.open = is_open(r.status);
}

void snow_road_board::expire(std::int64_t now_ms) {
  while (!order_.empty() && order_.begin()->first < now_ms - window_ms_) {
    cases_.erase(order_.begin()->second);
    order_.erase(order_.begin());
  }
}

std::vector<road_rank> snow_road_board::ranking(std::int64_t now_ms, std::size_t limit) const {
  std::map<std::string, road_rank> roads;  // by road, or by "@node" for unnamed places
  // Newest first, so each road's node and case list come from its latest reports.
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    if (it->first < now_ms - window_ms_) break;
    const auto& e = cases_.at(it->second);
    auto& r = roads[e.road.empty() ? "@" + e.node : e.road];
    if (r.reports == 0) {
      r.road = e.road;
      r.node = e.node;
      r.last_ms = e.at_ms;
    }
    ++r.reports;
    r.open += e.open ? 1 : 0;
    r.urgent += e.urgent ? 1 : 0;
    r.score += weight(e.urgent, e.open, now_ms - e.at_ms);
    if (r.cases.size() < cases_listed) r.cases.push_back(it->second);
  }
  std::vector<road_rank> out;
  out.reserve(roads.size());
  for (auto& [key, r] : roads) out.push_back(std::move(r));
  std::sort(out.begin(), out.end(), [](const road_rank& a, const road_rank& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.open != b.open) return a.open > b.open;
    if (a.last_ms != b.last_ms) return a.last_ms > b.last_ms;
    return a.road + a.node < b.road + b.node;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::size_t snow_road_board::hot_spots(std::int64_t now_ms) const {
  const auto all = ranking(now_ms, cases_.size());
  return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [&](const road_rank& r) {
    return r.reports >= hot_spot_reports_;
  }));
}

}  // namespace cityops::domain
