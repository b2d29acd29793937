#include "gateway/kpi_json.hpp"

#include "config/civil_date.hpp"
#include "gateway/json_fields.hpp"

namespace cityops::gateway {
namespace {

void write_rate(json_writer& w, std::string_view name, const domain::kpi_rate& r) {
  w.key(name).begin_object();
  if (auto v = r.value())
    w.member("value", *v);
  else
    w.key("value").null();
  w.member("numerator", r.numerator).member("denominator", r.denominator).end_object();
}

void write_optional(json_writer& w, std::string_view name, const std::optional<double>& v) {
  if (v)
    w.member(name, *v);
  else
    w.key(name).null();
}

void write_duration(json_writer& w, std::string_view name, const domain::kpi_duration& d) {
  w.key(name).begin_object().member("count", d.count);
  write_optional(w, "mean_hours", d.mean_hours);
  write_optional(w, "p90_hours", d.p90_hours);
  w.end_object();
}

}  // namespace

std::string day_text(std::int64_t day) {
  return config::format_civil_date(config::civil_from_days(day));
}

void write_kpi_summary(json_writer& w, const domain::kpi_summary& s,
                       const config::city_model& city, std::size_t category_limit,
                       bool with_gauges) {
  w.begin_object().member("reported", s.reported).key("by_source").begin_object();
  for (const auto& [source, n] : s.by_source) w.member(source, n);
  w.end_object().key("by_category").begin_array();
  std::size_t written = 0;
  for (const auto& [code, n] : s.by_category) {
    if (category_limit != 0 && written++ == category_limit) break;
    const auto* c = city.find_category(code);
    w.begin_object().member("code", code).member("name", c ? c->name : std::string());
    w.member("count", n).end_object();
  }
  w.end_array();
  const std::pair<std::string_view, std::int64_t> counts[] = {
      {"accepted", s.accepted},         {"rejected", s.rejected},
      {"dispatched", s.dispatched},     {"returned", s.returned},
      {"handled", s.handled},           {"reworked", s.reworked},
      {"closed", s.closed},             {"closed_on_time", s.closed_on_time},
      {"went_overdue", s.went_overdue}, {"extended", s.extended},
      {"supervised", s.supervised},     {"escalated", s.escalated},
      {"escalated_to_city", s.escalated_to_city}, {"reopened", s.reopened},
      {"merged", s.merged},             {"followed_up", s.followed_up},
      {"satisfied", s.satisfied},       {"urgent", s.urgent},
      {"urgent_closed", s.urgent_closed}, {"urgent_closed_on_time", s.urgent_closed_on_time},
      {"urgent_went_overdue", s.urgent_went_overdue}};
  for (const auto& [name, n] : counts) w.member(name, n);
  w.key("rates").begin_object();
  write_rate(w, "acceptance_rate", s.acceptance_rate);
  write_rate(w, "closure_rate", s.closure_rate);
  write_rate(w, "on_time_rate", s.on_time_rate);
  write_rate(w, "urgent_on_time_rate", s.urgent_on_time_rate);
  write_rate(w, "return_rate", s.return_rate);
  write_rate(w, "rework_rate", s.rework_rate);
  write_rate(w, "extension_rate", s.extension_rate);
  write_rate(w, "satisfaction_rate", s.satisfaction_rate);
  w.end_object();
  write_optional(w, "mean_satisfaction", s.mean_satisfaction);
  write_duration(w, "report_to_handled", s.report_to_handled);
  write_duration(w, "dispatch_to_handled", s.dispatch_to_handled);
  if (with_gauges) w.member("open_now", s.open_now).member("overdue_now", s.overdue_now);
  w.end_object();
}

std::string feed_kpi_json(const config::city_model& city, std::int64_t day, const kpi_table& t) {
  json_writer w;
  w.reserve(1024);
  const std::string node = t.scope.substr(t.scope.find(':') + 1);
  const auto* n = city.find_node(node);
  w.begin_object().member("kind", "kpi").member("scope", t.scope).member("node", node);
  w.member("name", n ? n->name : std::string()).member("date", day_text(day)).key("kpi");
  domain::kpi_counters today;
  for (const auto& [d, c] : t.days) today.add(c);
  write_kpi_summary(w, domain::summarize(today, t.now, false), city, 10);
  w.end_object();
  return w.take();
}

}  // namespace cityops::gateway
