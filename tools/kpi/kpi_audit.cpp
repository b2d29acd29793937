#include "tools/kpi/kpi_audit.hpp"

#include <set>

#include "config/civil_date.hpp"
#include "storage/kpi_store.hpp"

namespace cityops::kpi_tools {
namespace {

void compare_row(const std::string& scope, std::int64_t day, const domain::kpi_counters& want,
                 const domain::kpi_counters& got, std::size_t max_examples,
                 kpi_audit_result& out) {
  ++out.rows;
  if (want == got) return;
  ++out.different_rows;
  std::set<std::uint32_t> fields;
  for (const auto& e : want.entries()) fields.insert(e.first);
  for (const auto& e : got.entries()) fields.insert(e.first);
  for (const auto field : fields) {
    if (want.get(field) == got.get(field)) continue;
    ++out.differences;
    if (out.examples.size() < max_examples)
      out.examples.push_back({scope, day, field, want.get(field), got.get(field)});
  }
}

}  // namespace

void compare_tables(const kpi_table& recomputed, const kpi_table& stored,
                    std::size_t max_examples, kpi_audit_result& out) {
  static const std::map<std::int64_t, domain::kpi_counters> no_days;
  static const domain::kpi_counters nothing;
  std::set<std::string> scopes;
  for (const auto& [scope, days] : recomputed) scopes.insert(scope);
  for (const auto& [scope, days] : stored) scopes.insert(scope);
  for (const auto& scope : scopes) {
    ++out.scopes;
    const auto r = recomputed.find(scope);
    const auto s = stored.find(scope);
    const auto& want = r == recomputed.end() ? no_days : r->second;
    const auto& got = s == stored.end() ? no_days : s->second;
    std::set<std::int64_t> days;
    for (const auto& [day, c] : want) days.insert(day);
    for (const auto& [day, c] : got) days.insert(day);
    for (const auto day : days) {
      const auto w = want.find(day);
      const auto g = got.find(day);
      compare_row(scope, day, w == want.end() ? nothing : w->second,
                  g == got.end() ? nothing : g->second, max_examples, out);
    }
  }
}

storage::status read_stored(const storage::event_store& store, kpi_table& out) {
  out.clear();
  const storage::kpi_reader reader(store);
  std::vector<std::string> scopes;
  if (auto s = reader.scopes(scopes); !s.is_ok()) return s;
  const auto first = config::days_from_civil({1900, 1, 1});
  const auto last = config::days_from_civil({2199, 12, 31});
  for (const auto& scope : scopes) {
    storage::kpi_rows rows;
    if (auto s = reader.read(scope, first, last, rows); !s.is_ok()) return s;
    auto& days = out[scope];
    for (auto& [day, c] : rows.days)
      if (!c.empty()) days[day] = std::move(c);
    if (!rows.now.empty()) days[gauges_day] = std::move(rows.now);
    if (days.empty()) out.erase(scope);
  }
  return storage::status::ok();
}

storage::status audit_kpi(const storage::event_store& store, std::size_t max_examples,
                          kpi_audit_result& out) {
  out = {};
  kpi_reference reference;
  std::string cursor;
  do {
    storage::case_query_page page;
    if (auto s = store.query_cases({}, cursor, storage::case_query_max_limit, page); !s.is_ok())
      return s;
    std::vector<domain::case_event> history;
    for (const auto& r : page.items) {
      if (auto s = store.read_events(r.id, history); !s.is_ok()) return s;
      reference.add_case(history);
    }
    cursor = page.next_cursor;
  } while (!cursor.empty());
  out.cases = reference.cases();
  out.events = reference.events();
  kpi_table stored;
  if (auto s = read_stored(store, stored); !s.is_ok()) return s;
  compare_tables(reference.table(), stored, max_examples, out);
  return storage::status::ok();
}

std::string day_name(std::int64_t day) {
  return day == gauges_day ? "now" : config::format_civil_date(config::civil_from_days(day));
}

std::string field_name(std::uint32_t field) {
  static const char* const named[] = {
      "",           "reported",          "accepted",       "rejected",
      "dispatched", "returned",          "handled",        "reworked",
      "closed",     "closed_on_time",    "went_overdue",   "extended",
      "supervised", "escalated",         "escalated_to_city", "reopened",
      "merged",     "followed_up",       "satisfied",      "satisfaction_sum",
      "report_to_handled_ms", "dispatch_to_handled_ms", "dispatch_to_handled_n",
      "open_now",   "overdue_now",       "urgent",         "urgent_closed",
      "urgent_closed_on_time", "urgent_went_overdue"};
  constexpr std::uint32_t count = sizeof named / sizeof named[0];
  if (field > 0 && field < count) return named[field];
  if (field >= domain::category_base) return "category:" + domain::category_code(field);
  if (field >= domain::dispatch_hist_base &&
      field < domain::dispatch_hist_base + domain::hist_buckets)
    return "dispatch_hist:" + std::to_string(field - domain::dispatch_hist_base);
  if (field >= domain::report_hist_base &&
      field < domain::report_hist_base + domain::hist_buckets)
    return "report_hist:" + std::to_string(field - domain::report_hist_base);
  if (field >= domain::source_base && field < domain::source_base + 16)
    return "source:" + std::string(domain::to_string(
                           static_cast<domain::case_source>(field - domain::source_base)));
  return "field:" + std::to_string(field);
}

}  // namespace cityops::kpi_tools
