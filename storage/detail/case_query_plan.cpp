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

span_step seek_to(std::string target) { return {span_step::kind::seek, std::move(target)}; }

// The creation-day source. A bound whose day cannot be written stays open: the source is
// then a superset, and the exact times are checked on the snapshots anyway.
driving_source day_source(const case_filter& f) {
  const std::string from = f.from_ms ? eight_digit_day(*f.from_ms) : std::string();
  const std::string to = f.to_ms ? eight_digit_day(*f.to_ms - 1) : std::string();
  driving_source s;
  s.family = index_family::day;
  s.index = prefix_range(index_family::day, std::string{index_family::day, '/'});
  if (!from.empty()) s.index.lower = index_prefix_day(from);
  if (!to.empty()) s.index.upper = prefix_successor(index_prefix_day(to));
  if (s.index.upper < s.index.lower) {  // to before from: nothing
    s.index.upper = s.index.lower;
    return s;
  }
  s.ids.what = id_span::kind::days;
  if (!from.empty()) s.ids.lo_rest = from + "-";
  if (!to.empty()) s.ids.hi_rest = prefix_successor(to + "-");
  return s;
}

driving_source node_source(const std::string& node) {
  driving_source s;
  s.family = index_family::location;
  s.ids.what = id_span::kind::prefix;
  s.ids.prefix = node + "-";
  s.index = prefix_range(index_family::location, index_prefix_location(node));
  return s;
}

driving_source index_source(char family, std::string prefix) {
  driving_source s;
  s.family = family;
  s.index = prefix_range(family, std::move(prefix));
  return s;
}

}  // namespace

span_step span_position(const id_span& span, std::string_view id) {
  switch (span.what) {
    case id_span::kind::none:
      return {};
    case id_span::kind::all:
      return {span_step::kind::inside, {}};
    case id_span::kind::prefix:
      if (id < span.prefix) return seek_to(span.prefix);
      if (id.substr(0, span.prefix.size()) == span.prefix) return {span_step::kind::inside, {}};
      return {};
    case id_span::kind::days: {
      std::string_view city, rest;
      if (!split_case_id(id, city, rest)) return seek_to(std::string(id) + '\0');
      std::string base(city);
      base.push_back('-');
      if (!span.lo_rest.empty() && rest < span.lo_rest) return seek_to(base + span.lo_rest);
      if (!span.hi_rest.empty() && rest >= span.hi_rest) return seek_to(prefix_successor(base));
      return {span_step::kind::inside, {}};
    }
  }
  return {};
}

bool span_contains(const id_span& span, std::string_view id) {
  return span_position(span, id).what == span_step::kind::inside;
}

std::string span_run_end(const id_span& span, std::string_view id) {
  if (span.what == id_span::kind::prefix) return prefix_successor(span.prefix);
  std::string_view city, rest;
  if (span.what != id_span::kind::days || !split_case_id(id, city, rest)) return {};
  std::string base(city);
  base.push_back('-');
  return span.hi_rest.empty() ? prefix_successor(base) : base + span.hi_rest;
}

std::vector<driving_source> driving_candidates(const case_filter& f) {
  std::vector<driving_source> out;
  if (!f.reporter_hash.empty())
    out.push_back(index_source(index_family::reporter, index_prefix_reporter(f.reporter_hash)));
  if (f.overdue_only) out.push_back(index_source(index_family::overdue, index_prefix_overdue()));
  if (!f.department.empty())
    out.push_back(index_source(index_family::department, index_prefix_department(f.department)));
  if (!f.node.empty()) out.push_back(node_source(f.node));
  if (f.from_ms || f.to_ms) out.push_back(day_source(f));
  if (f.status) out.push_back(index_source(index_family::status, index_prefix_status(*f.status)));
  if (out.empty()) {
    driving_source every;
    every.family = every_case;
    every.ids.what = id_span::kind::all;
    out.push_back(std::move(every));
  }
  return out;
}

std::size_t choose_driving(const std::vector<std::uint64_t>& estimated_entries) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < estimated_entries.size(); ++i)
    if (estimated_entries[i] < estimated_entries[best]) best = i;
  return best;
}

std::string encode_cursor(char family, std::string_view key, bool in_ids) {
  std::string c;
  c.reserve(key.size() + 2);
  c.push_back(family);
  c.push_back(in_ids ? '@' : ':');
  c += key;
  return c;
}

status decode_cursor(std::string_view cursor, const std::vector<driving_source>& candidates,
                     cursor_position& out) {
  if (cursor.size() > case_query_max_cursor)
    return status::invalid_argument("cursor is longer than " +
                                    std::to_string(case_query_max_cursor) + " bytes");
  const auto foreign = [] {
    return status::invalid_argument("cursor is not one this service returned");
  };
  if (cursor.size() < 3 || (cursor[1] != ':' && cursor[1] != '@')) return foreign();
  const bool in_ids = cursor[1] == '@';
  const auto k = cursor.substr(2);
  if (in_ids ? !valid_case_id(k)
             : k.size() < 2 || k[0] != cursor[0] || k[1] != '/' ||
                   k.find('\0') != std::string_view::npos)
    return foreign();
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i];
    if (c.family != cursor[0]) continue;
    if (in_ids ? span_contains(c.ids, k) : c.has_index() && c.index.contains(k)) {
      out.which = i;
      out.in_ids = in_ids;
      out.key.assign(k);
      return status::ok();
    }
  }
  return status::invalid_argument(
      "cursor does not belong to this query (was it returned for other filters?)");
}

}  // namespace cityops::storage::detail
