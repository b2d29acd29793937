#include "actors/domain/kpi_summary.hpp"

#include <algorithm>

#include "actors/domain/case_event.hpp"
#include "config/civil_date.hpp"

namespace cityops::domain {
namespace {

constexpr double ms_per_hour_d = 3600.0 * 1000.0;

kpi_rate rate(std::int64_t numerator, std::int64_t denominator) {
  return {numerator, denominator};
}

kpi_duration duration(const kpi_counters& c, kpi_field sum, std::int64_t n,
                      std::uint32_t hist_base) {
  kpi_duration d;
  d.count = n;
  if (n <= 0) return d;
  d.mean_hours = static_cast<double>(c.get(sum)) / static_cast<double>(n) / ms_per_hour_d;
  d.p90_hours = static_cast<double>(histogram_quantile_ms(c, hist_base, 0.9)) / ms_per_hour_d;
  return d;
}

}  // namespace

std::optional<double> kpi_rate::value() const {
  if (denominator <= 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

kpi_summary summarize(const kpi_counters& c, const kpi_counters& now, bool department) {
  kpi_summary s;
  s.reported = c.get(kpi_field::reported);
  for (const auto& [id, n] : c.range(source_base, source_base + 16))
    s.by_source.emplace_back(to_string(static_cast<case_source>(id - source_base)), n);
  for (const auto& [id, n] : c.range(category_base, category_base + 10000))
    s.by_category.emplace_back(category_code(id), n);
  std::stable_sort(s.by_category.begin(), s.by_category.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  s.accepted = c.get(kpi_field::accepted);
  s.rejected = c.get(kpi_field::rejected);
  s.dispatched = c.get(kpi_field::dispatched);
  s.returned = c.get(kpi_field::returned);
  s.handled = c.get(kpi_field::handled);
  s.reworked = c.get(kpi_field::reworked);
  s.closed = c.get(kpi_field::closed);
  s.closed_on_time = c.get(kpi_field::closed_on_time);
  s.went_overdue = c.get(kpi_field::went_overdue);
  s.extended = c.get(kpi_field::extended);
  s.supervised = c.get(kpi_field::supervised);
  s.escalated = c.get(kpi_field::escalated);
  s.escalated_to_city = c.get(kpi_field::escalated_to_city);
  s.reopened = c.get(kpi_field::reopened);
  s.merged = c.get(kpi_field::merged);
  s.followed_up = c.get(kpi_field::followed_up);
  s.satisfied = c.get(kpi_field::satisfied);
  s.urgent = c.get(kpi_field::urgent);
  s.urgent_closed = c.get(kpi_field::urgent_closed);
  s.urgent_closed_on_time = c.get(kpi_field::urgent_closed_on_time);
  s.urgent_went_overdue = c.get(kpi_field::urgent_went_overdue);
  s.acceptance_rate = rate(s.accepted, s.accepted + s.rejected);
  s.closure_rate = rate(s.closed, department ? s.dispatched : s.accepted);
  s.on_time_rate = rate(s.closed_on_time, s.closed_on_time + s.went_overdue);
  s.urgent_on_time_rate =
      rate(s.urgent_closed_on_time, s.urgent_closed_on_time + s.urgent_went_overdue);
  s.return_rate = rate(s.returned, s.dispatched);
  s.rework_rate = rate(s.reworked, s.handled);
  s.extension_rate = rate(s.extended, s.dispatched);
  s.satisfaction_rate = rate(s.satisfied, s.followed_up);
  if (s.followed_up > 0)
    s.mean_satisfaction = static_cast<double>(c.get(kpi_field::satisfaction_sum)) /
                          static_cast<double>(s.followed_up);
  s.report_to_handled =
      duration(c, kpi_field::report_to_handled_ms, s.handled, report_hist_base);
  s.dispatch_to_handled = duration(c, kpi_field::dispatch_to_handled_ms,
                                   c.get(kpi_field::dispatch_to_handled_n), dispatch_hist_base);
  s.open_now = now.get(kpi_field::open_now);
  s.overdue_now = now.get(kpi_field::overdue_now);
  return s;
}

const std::vector<kpi_metric>& kpi_metrics() {
  static const std::vector<kpi_metric> all{
      {"on_time_rate", true},      {"closure_rate", true},
      {"acceptance_rate", true},   {"return_rate", false},
      {"rework_rate", false},      {"extension_rate", false},
      {"satisfaction_rate", true}, {"mean_satisfaction", true},
      {"urgent_on_time_rate", true},
      {"handling_hours_mean", false}, {"handling_hours_p90", false},
      {"reported", false},         {"supervised", false},
      {"open_now", false},         {"overdue_now", false},
  };
  return all;
}

const kpi_metric* find_kpi_metric(std::string_view name) {
  for (const auto& m : kpi_metrics())
    if (m.name == name) return &m;
  return nullptr;
}

std::optional<double> metric_value(const kpi_summary& s, std::string_view name) {
  const auto count = [](std::int64_t n) { return std::optional<double>(static_cast<double>(n)); };
  if (const auto* r = metric_rate(s, name)) return r->value();
  if (name == "mean_satisfaction") return s.mean_satisfaction;
  if (name == "handling_hours_mean") return s.dispatch_to_handled.mean_hours;
  if (name == "handling_hours_p90") return s.dispatch_to_handled.p90_hours;
  if (name == "reported") return count(s.reported);
  if (name == "supervised") return count(s.supervised);
  if (name == "open_now") return count(s.open_now);
  if (name == "overdue_now") return count(s.overdue_now);
  return std::nullopt;
}

const kpi_rate* metric_rate(const kpi_summary& s, std::string_view name) {
  if (name == "on_time_rate") return &s.on_time_rate;
  if (name == "closure_rate") return &s.closure_rate;
  if (name == "acceptance_rate") return &s.acceptance_rate;
  if (name == "return_rate") return &s.return_rate;
  if (name == "rework_rate") return &s.rework_rate;
  if (name == "extension_rate") return &s.extension_rate;
  if (name == "satisfaction_rate") return &s.satisfaction_rate;
  if (name == "urgent_on_time_rate") return &s.urgent_on_time_rate;
  return nullptr;
}

std::optional<kpi_period> parse_kpi_period(std::string_view s) {
  if (s == "day") return kpi_period::day;
  if (s == "week") return kpi_period::week;
  if (s == "month") return kpi_period::month;
  return std::nullopt;
}

std::string_view to_string(kpi_period p) {
  switch (p) {
    case kpi_period::day: return "day";
    case kpi_period::week: return "week";
    case kpi_period::month: return "month";
  }
  return "day";
}

std::int64_t period_start(kpi_period p, std::int64_t day) {
  const auto date = config::civil_from_days(day);
  switch (p) {
    case kpi_period::day: return day;
    case kpi_period::week: return day - config::weekday(date);
    case kpi_period::month: return config::days_from_civil({date.year, date.month, 1});
  }
  return day;
}

std::string period_label(kpi_period p, std::int64_t day) {
  const auto text = config::format_civil_date(config::civil_from_days(period_start(p, day)));
  return p == kpi_period::month ? text.substr(0, 7) : text;
}

}  // namespace cityops::domain
