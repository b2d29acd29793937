#include "gateway/report_render.hpp"

#include <cmath>

#include "actors/domain/iso_time.hpp"
#include "gateway/feed_json.hpp"
#include "gateway/json_fields.hpp"
#include "gateway/kpi_json.hpp"
#include "gateway/open311/xml_writer.hpp"
#include "gateway/report_render_snow.hpp"

namespace cityops::gateway {
namespace {

// Text for HTML.
std::string html(std::string_view s) { return open311::xml_writer::escaped(s); }

void write_change(json_writer& w, std::string_view key, const std::optional<double>& v) {
  if (v)
    w.member(key, *v);
  else
    w.key(key).null();
}

void write_volumes(json_writer& w, std::string_view key,
                   const std::vector<domain::volume_line>& lines) {
  w.key(key).begin_array();
  for (const auto& l : lines) {
    w.begin_object().member("key", l.key).member("name", l.name).member("count", l.day);
    w.member("previous_day", l.previous_day).member("week_before", l.week_before);
    write_change(w, "vs_previous_day", l.change_vs_previous_day());
    write_change(w, "vs_week_before", l.change_vs_week_before());
    w.end_object();
  }
  w.end_array();
}

void write_alerts(json_writer& w, std::string_view key, const std::vector<domain::alert>& as) {
  w.key(key).begin_array();
  for (const auto& a : as) write_alert(w, a);
  w.end_array();
}

void write_departments(json_writer& w, std::string_view key,
                       const std::vector<domain::ranked_department>& ds) {
  w.key(key).begin_array();
  for (const auto& d : ds)
    w.begin_object()
        .member("id", d.id)
        .member("name", d.name)
        .member("on_time_rate", d.on_time_rate)
        .member("due", d.due)
        .member("returned", d.returned)
        .member("dispatched", d.dispatched)
        .end_object();
  w.end_array();
}

// "+12%", "−5%", "—" (no base).
std::string change_text(const std::optional<double>& v) {
  if (!v) return "—";
  const long pct = std::lround(*v * 100);
  return (pct > 0 ? "+" : "") + std::to_string(pct) + "%";
}

std::string percent(const std::optional<double>& v) {
  if (!v) return "—";
  return std::to_string(std::lround(*v * 1000) / 10) + "." +
         std::to_string(std::lround(*v * 1000) % 10) + "%";
}

void volume_table(std::string& out, const char* heading, const char* what,
                  const std::vector<domain::volume_line>& lines) {
  if (lines.empty()) return;
  out += std::string("<h2>") + heading + "</h2>\n<table><tr><th>" + what +
         "</th><th>当日</th><th>前一日</th><th>环比</th><th>上周同日</th><th>同比上周</th></tr>\n";
  for (const auto& l : lines)
    out += "<tr><td>" + html(l.name.empty() ? l.key : l.name) + "</td><td>" +
           std::to_string(l.day) + "</td><td>" + std::to_string(l.previous_day) + "</td><td>" +
           change_text(l.change_vs_previous_day()) + "</td><td>" +
           std::to_string(l.week_before) + "</td><td>" + change_text(l.change_vs_week_before()) +
           "</td></tr>\n";
  out += "</table>\n";
}

void alert_list(std::string& out, const char* heading, const std::vector<domain::alert>& as) {
  out += std::string("<h2>") + heading + "（" + std::to_string(as.size()) + "）</h2>\n";
  if (as.empty()) {
    out += "<p>无。</p>\n";
    return;
  }
  out += "<ul>\n";
  for (const auto& a : as)
    out += "<li>[" + html(domain::level_name(a.level)) + "] " + html(a.message) + "</li>\n";
  out += "</ul>\n";
}

void department_list(std::string& out, const char* heading,
                     const std::vector<domain::ranked_department>& ds) {
  out += std::string("<h3>") + heading + "</h3>\n";
  if (ds.empty()) {
    out += "<p>本月应结案件不足，暂不排名。</p>\n";
    return;
  }
  out += "<ol>\n";
  for (const auto& d : ds)
    out += "<li>" + html(d.name) + "：按期结案率 " + percent(d.on_time_rate) + "（应结 " +
           std::to_string(d.due) + " 件，退单 " + std::to_string(d.returned) + " 件）</li>\n";
  out += "</ol>\n";
}

constexpr const char* report_css =
    "@page{size:A4;margin:20mm 18mm}"
    "body{font-family:'SimSun','Songti SC',serif;font-size:11pt;line-height:1.6;color:#000;"
    "max-width:175mm;margin:0 auto}"
    "h1{text-align:center;color:#c00;font-size:22pt;margin:0 0 3mm}"
    ".number{text-align:center;border-bottom:2px solid #c00;padding-bottom:3mm;margin-bottom:5mm}"
    "h2{font-size:13pt;margin:6mm 0 2mm}h3{font-size:12pt;margin:3mm 0 1mm}"
    "table{width:100%;border-collapse:collapse;font-size:10pt}"
    "th,td{border:1px solid #000;padding:1mm 2mm;text-align:left}"
    ".note{color:#555;font-size:9pt}";

}  // namespace

std::string daily_report_json(const domain::daily_report& r, const report_heading& h,
                              const config::city_model& city) {
  json_writer w;
  w.reserve(16384);
  w.begin_object().member("date", day_text(r.day)).member("title", h.title);
  w.member("number", h.number).member("issuer", h.issuer).member("provisional", h.provisional);
  member_time(w, "generated_at", h.generated_ms);
  w.key("summary");
  write_kpi_summary(w, r.city, city, 10);
  w.key("total").begin_object().member("count", r.total.day);
  w.member("previous_day", r.total.previous_day).member("week_before", r.total.week_before);
  write_change(w, "vs_previous_day", r.total.change_vs_previous_day());
  write_change(w, "vs_week_before", r.total.change_vs_week_before());
  w.end_object();
  write_volumes(w, "by_source", r.by_source);
  write_volumes(w, "by_category", r.by_category);
  write_volumes(w, "by_district", r.by_district);
  write_volumes(w, "hot_streets", r.hot_streets);
  write_volumes(w, "rising_categories", r.rising_categories);
  write_alerts(w, "risk_alerts", r.risk_alerts);
  write_alerts(w, "indicator_alerts", r.indicator_alerts);
  write_alerts(w, "oversight_alerts", r.oversight_alerts);
  w.key("letters").begin_array();
  for (const auto& l : r.letters)
    w.begin_object()
        .member("id", l.id)
        .member("title", l.title)
        .member("department", l.department)
        .member("alert_kind", domain::to_string(l.alert_kind_of))
        .member("status", domain::to_string(l.status))
        .end_object();
  w.end_array();
  write_departments(w, "leaders", r.leaders);
  write_departments(w, "laggards", r.laggards);
  w.member("escalated_to_city", r.escalated_to_city).member("climbed_open", r.climbed_open);
  w.key("climbed_cases").begin_array();
  for (const auto& c : r.climbed_cases) {
    w.begin_object().member("id", c.id).member("category", c.category).member("node", c.node);
    member_or_null(w, "department", c.department);
    w.member("status", domain::to_string(c.status)).end_object();
  }
  w.end_array();
  w.member("went_overdue", r.went_overdue);
  w.member("overdue_now", r.overdue_now).key("overdue_cases").begin_array();
  for (const auto& c : r.overdue_cases) {
    w.begin_object().member("id", c.id).member("category", c.category).member("node", c.node);
    member_or_null(w, "department", c.department);
    member_time(w, "deadline", c.deadline_ms);
    w.end_object();
  }
  w.end_array();
  write_snow_day(w, r.snow, city);
  w.end_object();
  return w.take();
}

std::string daily_report_html(const domain::daily_report& r, const report_heading& h,
                              const config::city_model& city) {
  std::string out;
  out.reserve(32768);
  const auto date = day_text(r.day);
  out += "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" +
         html(h.title) + "</title><style>" + report_css + "</style></head><body>\n";
  out += "<h1>每日信息</h1>\n<div class=\"number\">" + html(h.title) + "　" + html(date) +
         (h.provisional ? "（当日未结束，数据为临时统计）" : "") + "</div>\n";
  const auto& s = r.city;
  out += "<h2>一、总体情况</h2>\n<p>当日共受理群众诉求及各类上报 " + std::to_string(r.total.day) +
         " 件，较前一日 " + change_text(r.total.change_vs_previous_day()) + "，较上周同日 " +
         change_text(r.total.change_vs_week_before()) + "。立案 " + std::to_string(s.accepted) +
         " 件，派遣 " + std::to_string(s.dispatched) + " 件，结案 " + std::to_string(s.closed) +
         " 件；按期结案率 " + percent(s.on_time_rate.value()) + "，退单率 " +
         percent(s.return_rate.value()) + "，满意率 " + percent(s.satisfaction_rate.value()) +
         "。升级至市级 " + std::to_string(r.escalated_to_city) + " 件，当日新增超期 " +
         std::to_string(r.went_overdue) + " 件，目前超期未结 " + std::to_string(r.overdue_now) +
         " 件。</p>\n";
  volume_table(out, "二、来源分布", "来源", r.by_source);
  volume_table(out, "三、诉求类别（前15）", "类别", r.by_category);
  volume_table(out, "四、区域分布", "区（市）", r.by_district);
  volume_table(out, "五、热点街道", "街道", r.hot_streets);
  volume_table(out, "六、上升明显的类别", "类别", r.rising_categories);
  alert_list(out, "七、风险预警", r.risk_alerts);
  alert_list(out, "八、城市体征告警", r.indicator_alerts);
  alert_list(out, "九、督办与超期提示", r.oversight_alerts);
  out += "<h2>十、预警函 / 提醒函（" + std::to_string(r.letters.size()) + "）</h2>\n";
  if (r.letters.empty()) out += "<p>无。</p>\n";
  for (const auto& l : r.letters)
    out += "<p>" + html(l.title) + "　致 " + html(l.department_name) + "</p>\n";
  out += "<h2>十一、部门按期结案率（本月累计）</h2>\n";
  department_list(out, "红榜", r.leaders);
  department_list(out, "黑榜", r.laggards);
  out += "<h2>十二、升级至市级的在办案件（" + std::to_string(r.climbed_open) + "）</h2>\n";
  if (!r.climbed_cases.empty()) {
    out += "<table><tr><th>案件编号</th><th>类别</th><th>当前承办</th><th>状态</th></tr>\n";
    for (const auto& c : r.climbed_cases)
      out += "<tr><td>" + html(c.id) + "</td><td>" + html(c.category) + "</td><td>" +
             html(c.department.empty() ? c.node : c.department) + "</td><td>" +
             html(domain::to_string(c.status)) + "</td></tr>\n";
    out += "</table>\n";
  }
  out += "<h2>十三、超期未结案件（" + std::to_string(r.overdue_now) + "）</h2>\n";
  if (!r.overdue_cases.empty()) {
    out += "<table><tr><th>案件编号</th><th>类别</th><th>责任单位</th><th>期限</th></tr>\n";
    for (const auto& c : r.overdue_cases)
      out += "<tr><td>" + html(c.id) + "</td><td>" + html(c.category) + "</td><td>" +
             html(c.department.empty() ? c.node : c.department) + "</td><td>" +
             html(c.deadline_ms ? domain::format_iso8601(c.deadline_ms) : std::string()) +
             "</td></tr>\n";
    out += "</table>\n";
  }
  snow_day_html(out, r.snow, city);
  out += "<p class=\"note\">" + html(h.issuer) + "　生成于 " +
         html(domain::format_iso8601(h.generated_ms)) + "</p>\n</body></html>\n";
  return out;
}

}  // namespace cityops::gateway
