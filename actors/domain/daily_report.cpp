#include "actors/domain/daily_report.hpp"

#include <algorithm>

#include "actors/domain/case_event.hpp"
#include "actors/domain/iso_time.hpp"

namespace cityops::domain {
namespace {

std::optional<double> change(std::int64_t now, std::int64_t before) {
  if (before <= 0) return std::nullopt;
  return static_cast<double>(now - before) / static_cast<double>(before);
}

volume_line line_of(std::string key, std::string name, const day_triple& t,
                    std::uint32_t field) {
  return {std::move(key), std::move(name), t.day.get(field), t.previous_day.get(field),
          t.week_before.get(field)};
}

void most_first(std::vector<volume_line>& lines) {
  std::stable_sort(lines.begin(), lines.end(), [](const volume_line& a, const volume_line& b) {
    return a.day > b.day;
  });
}

std::string name_of(const daily_report_input& in, const std::string& code) {
  for (const auto& [c, n] : in.category_names)
    if (c == code) return n;
  return code;
}

bool is_risk(alert_kind k) {
  return k == alert_kind::sensitive_words || k == alert_kind::repeat_caller ||
         k == alert_kind::repeat_address || k == alert_kind::new_issue ||
         k == alert_kind::high_frequency || k == alert_kind::cluster;
}

bool is_indicator(alert_kind k) {
  return k == alert_kind::indicator_breach || k == alert_kind::indicator_silent;
}

void rank_departments(const daily_report_input& in, daily_report& out) {
  std::vector<ranked_department> ranked;
  for (const auto& d : in.departments) {
    const auto s = summarize(d.month, {}, true);
    if (s.on_time_rate.denominator < ranking_min_due) continue;
    ranked.push_back({d.id, d.name, *s.on_time_rate.value(), s.on_time_rate.denominator,
                      s.returned, s.dispatched});
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const ranked_department& a, const ranked_department& b) {
                     if (a.on_time_rate != b.on_time_rate) return a.on_time_rate > b.on_time_rate;
                     return a.due > b.due;
                   });
  const auto n = std::min(ranking_size, ranked.size() / 2);  // nobody is both
  out.leaders.assign(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n));
  out.laggards.assign(ranked.rbegin(), ranked.rbegin() + static_cast<std::ptrdiff_t>(n));
}

}  // namespace

std::optional<double> volume_line::change_vs_previous_day() const {
  return change(day, previous_day);
}
std::optional<double> volume_line::change_vs_week_before() const {
  return change(day, week_before);
}

daily_report build_daily_report(const daily_report_input& in) {
  daily_report r;
  r.day = in.day;
  r.city = summarize(in.city.day, in.city_now, false);
  r.total = line_of(in.city.id, in.city.name, in.city, id_of(kpi_field::reported));
  for (std::uint32_t s = 0; s <= static_cast<std::uint32_t>(case_source::open311); ++s) {
    auto l = line_of(std::string(to_string(static_cast<case_source>(s))), "", in.city,
                     source_base + s);
    if (l.day || l.previous_day || l.week_before) r.by_source.push_back(std::move(l));
  }
  std::vector<std::uint32_t> categories;
  for (const auto* c : {&in.city.day, &in.city.previous_day, &in.city.week_before})
    for (const auto& [id, n] : c->range(category_base, category_base + 10000))
      if (std::find(categories.begin(), categories.end(), id) == categories.end())
        categories.push_back(id);
  std::vector<volume_line> all_categories;
  for (const auto id : categories) {
    const auto code = category_code(id);
    all_categories.push_back(line_of(code, name_of(in, code), in.city, id));
  }
  most_first(all_categories);
  r.by_category.assign(all_categories.begin(),
                       all_categories.begin() +
                           static_cast<std::ptrdiff_t>(std::min<std::size_t>(15, all_categories.size())));
  for (const auto& l : all_categories)
    if (l.day - l.week_before >= 3) r.rising_categories.push_back(l);
  std::stable_sort(r.rising_categories.begin(), r.rising_categories.end(),
                   [](const volume_line& a, const volume_line& b) {
                     return a.day - a.week_before > b.day - b.week_before;
                   });
  if (r.rising_categories.size() > 5) r.rising_categories.resize(5);
  for (const auto& d : in.districts)
    r.by_district.push_back(line_of(d.id, d.name, d, id_of(kpi_field::reported)));
  most_first(r.by_district);
  for (const auto& s : in.streets) {
    auto l = line_of(s.id, s.name, s, id_of(kpi_field::reported));
    if (l.day > 0) r.hot_streets.push_back(std::move(l));
  }
  most_first(r.hot_streets);
  if (r.hot_streets.size() > 10) r.hot_streets.resize(10);
  for (const auto& a : in.alerts) {
    if (is_risk(a.kind))
      r.risk_alerts.push_back(a);
    else if (is_indicator(a.kind))
      r.indicator_alerts.push_back(a);
    else
      r.oversight_alerts.push_back(a);
  }
  r.letters = in.letters;
  rank_departments(in, r);
  r.escalated_to_city = in.city.day.get(kpi_field::escalated_to_city);
  for (const auto& c : in.at_city) {
    if (c.location_path.empty() || c.tier_path.size() < 2) continue;
    const auto& city_id = c.location_path.front();
    if (std::find(c.tier_path.begin(), c.tier_path.end(), city_id) == c.tier_path.end())
      continue;
    ++r.climbed_open;
    r.climbed_cases.push_back(c);
  }
  std::stable_sort(r.climbed_cases.begin(), r.climbed_cases.end(),
                   [](const case_record& a, const case_record& b) {
                     return a.created_ms < b.created_ms;
                   });
  if (r.climbed_cases.size() > climbed_listed) r.climbed_cases.resize(climbed_listed);
  r.went_overdue = in.city.day.get(kpi_field::went_overdue);
  r.overdue_now = std::max(in.overdue_total, in.city_now.get(kpi_field::overdue_now));
  r.overdue_cases = in.overdue;
  const auto from = in.day * ms_per_day - china_offset_ms;
  r.snow = build_snow_day(in.snow_events, from, from + ms_per_day);
  return r;
}

std::string daily_report_title(const std::string& issuer, std::int32_t year,
                               std::uint32_t number) {
  return issuer + " 每日信息〔" + std::to_string(year) + "〕第" + std::to_string(number) + "期";
}

}  // namespace cityops::domain
