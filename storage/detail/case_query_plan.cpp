#include "storage/detail/case_query_plan.hpp"

#include "storage/detail/store_keys.hpp"
#include "storage/index_keys.hpp"

namespace cityops::storage::detail {
namespace {

index_range prefix_range(char family, std::string prefix) {
  index_range r;
  r.family = family;
  r.upper = prefix_successor(prefix);
  r.lower = std::move(prefix);
  return r;
}

// "yyyymmdd" of `unix_ms`, or "" outside years 1000..9999 (where the stamp is not 8 digits
// and would not sort with the others).
std::string eight_digit_day(std::int64_t unix_ms) {
  auto day = day_of(unix_ms);
  if (day.size() != 8 || day.find_first_not_of("0123456789") != std::string::npos) return {};
  return day;
}

index_range day_range(const case_filter& f) {
  const std::string family_prefix{index_family::day, '/'};
  auto r = prefix_range(index_family::day, family_prefix);  // every day
  // A bound whose day cannot be written stays open: the range is then a superset, and the
  // exact times are checked on the snapshots anyway.
  if (f.from_ms) {
    if (const auto day = eight_digit_day(*f.from_ms); !day.empty())
      r.lower = index_prefix_day(day);
  }
  if (f.to_ms) {
    if (const auto day = eight_digit_day(*f.to_ms - 1); !day.empty())
      r.upper = prefix_successor(index_prefix_day(day));
  }
  if (r.upper < r.lower) r.upper = r.lower;  // to before from: an empty range
  return r;
}

}  // namespace

std::vector<index_range> driving_candidates(const case_filter& f) {
  std::vector<index_range> out;
  if (!f.reporter_hash.empty())
    out.push_back(prefix_range(index_family::reporter, index_prefix_reporter(f.reporter_hash)));
  if (f.overdue_only) out.push_back(prefix_range(index_family::overdue, index_prefix_overdue()));
  if (!f.department.empty())
    out.push_back(prefix_range(index_family::department, index_prefix_department(f.department)));
  if (!f.node.empty())
    out.push_back(prefix_range(index_family::location, index_prefix_location(f.node)));
  if (f.from_ms || f.to_ms) out.push_back(day_range(f));
  if (f.status) out.push_back(prefix_range(index_family::status, index_prefix_status(*f.status)));
  if (out.empty()) out.push_back(day_range(f));
  return out;
}

std::size_t choose_driving(const std::vector<std::uint64_t>& estimated_entries) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < estimated_entries.size(); ++i)
    if (estimated_entries[i] < estimated_entries[best]) best = i;
  return best;
}

std::string encode_cursor(char family, std::string_view key) {
  std::string c;
  c.reserve(key.size() + 2);
  c.push_back(family);
  c.push_back(':');
  c += key;
  return c;
}

status decode_cursor(std::string_view cursor, const std::vector<index_range>& candidates,
                     std::size_t& which, std::string& key) {
  if (cursor.size() > case_query_max_cursor)
    return status::invalid_argument("cursor is longer than " +
                                    std::to_string(case_query_max_cursor) + " bytes");
  if (cursor.size() < 4 || cursor[1] != ':' || cursor[2] != cursor[0] || cursor[3] != '/')
    return status::invalid_argument("cursor is not one this service returned");
  const auto k = cursor.substr(2);
  if (k.find('\0') != std::string_view::npos)
    return status::invalid_argument("cursor is not one this service returned");
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].family == cursor[0] && candidates[i].contains(k)) {
      which = i;
      key.assign(k);
      return status::ok();
    }
  }
  return status::invalid_argument(
      "cursor does not belong to this query (was it returned for other filters?)");
}

}  // namespace cityops::storage::detail
