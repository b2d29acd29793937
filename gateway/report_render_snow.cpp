#include "gateway/report_render_snow.hpp"

#include <cstdio>

#include "actors/domain/iso_time.hpp"
#include "gateway/json_fields.hpp"
#include "gateway/open311/xml_writer.hpp"

namespace cityops::gateway {
namespace {

std::string html(std::string_view s) { return open311::xml_writer::escaped(s); }

std::string node_name(const config::city_model& city, const std::string& id) {
  const auto* n = city.find_node(id);
  return n ? n->name : id;
}

// "IV" → "IV级", "none" → "未启动".
std::string level_text(const std::string& level) {
  if (level == "none" || level.empty()) return "未启动";
  return level + "级";
}

// What decided a level, in the report's words.
std::string input_text(const std::string& input) {
  if (input == "warning") return "气象预警";
  if (input == "snowfall") return "降雪量";
  if (input == "temperature") return "气温";
  if (input == "hot_spots") return "热线热点";
  return input;
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

std::string clock_time(std::int64_t ms) {
  const auto iso = domain::format_iso8601(ms);  // 2026-12-08T06:30:00+08:00
  return iso.size() >= 16 ? iso.substr(11, 5) : iso;
}

}  // namespace

void write_snow_day(json_writer& w, const std::optional<domain::snow_day>& d,
                    const config::city_model& city) {
  w.key("snow_response");
  if (!d) {
    w.null();
    return;
  }
  w.begin_object()
      .member("level_at_start", d->level_at_start)
      .member("level_at_end", d->level_at_end)
      .member("highest", d->highest);
  w.key("monitor").begin_object().key("max_snowfall");
  d->max_snowfall ? w.value(*d->max_snowfall) : w.null();
  w.key("min_temperature");
  d->min_temperature ? w.value(*d->min_temperature) : w.null();
  w.member("max_hot_spots", d->max_hot_spots).end_object();
  w.key("warnings").begin_array();
  for (const auto& x : d->warnings) {
    w.begin_object();
    member_time(w, "at", x.at_ms);
    w.member("signal", x.signal).member("source", x.source).member("text", x.text).end_object();
  }
  w.end_array().key("levels").begin_array();
  for (const auto& c : d->levels) {
    w.begin_object();
    member_time(w, "at", c.at_ms);
    w.member("from", c.from).member("to", c.to).key("deciding").begin_array();
    for (const auto& x : c.deciding) w.value(x);
    w.end_array().end_object();
  }
  w.end_array().key("roads").begin_array();
  for (std::size_t i = 0; i < d->roads.size(); ++i) {
    const auto& r = d->roads[i];
    w.begin_object().member("rank", static_cast<std::int64_t>(i + 1));
    member_or_null(w, "road", r.road);
    w.member("node", r.node).member("node_name", node_name(city, r.node));
    w.member("score", r.score).member("reports", r.reports).member("open", r.open).end_object();
  }
  w.end_array().key("feedback").begin_object();
  w.member("reported", d->reported).member("closed", d->closed).end_object();
  w.end_object();
}

void snow_day_html(std::string& out, const std::optional<domain::snow_day>& d,
                   const config::city_model& city) {
  if (!d) return;
  out += "<h2>十四、降雪应急响应</h2>\n<p>响应级别：日初 " + level_text(d->level_at_start) +
         "，日终 " + level_text(d->level_at_end) + "，最高 " + level_text(d->highest) + "。</p>\n";
  out += "<p><b>监测</b>：";
  out += d->max_snowfall ? "最大小时降雪量 " + number(*d->max_snowfall) + " 毫米；" : "";
  out += d->min_temperature ? "最低气温 " + number(*d->min_temperature) + " ℃；" : "";
  out += "热线热点 " + std::to_string(d->max_hot_spots) + " 处。</p>\n<p><b>预警</b>：";
  if (d->warnings.empty()) out += "无气象预警。";
  for (const auto& w : d->warnings)
    out += clock_time(w.at_ms) + " " + html(w.source.empty() ? "气象部门" : w.source) + " " +
           html(w.signal) + (w.text.empty() ? "" : "（" + html(w.text) + "）") + "；";
  out += "</p>\n<p><b>研判</b>：";
  if (d->levels.empty()) out += "级别未调整。";
  for (const auto& c : d->levels) {
    std::string why;
    for (const auto& x : c.deciding) why += (why.empty() ? "" : "、") + input_text(x);
    out += clock_time(c.at_ms) + " " + level_text(c.from) + " → " + level_text(c.to) +
           (why.empty() ? "" : "（" + html(why) + "）") + "；";
  }
  out += "</p>\n<p><b>处置</b>：优先清雪除冰路段</p>\n";
  if (!d->roads.empty()) {
    out += "<table><tr><th>序号</th><th>路段</th><th>所在</th><th>诉求</th><th>未结</th></tr>\n";
    for (std::size_t i = 0; i < d->roads.size(); ++i) {
      const auto& r = d->roads[i];
      out += "<tr><td>" + std::to_string(i + 1) + "</td><td>" +
             html(r.road.empty() ? "（未具名路段）" : r.road) + "</td><td>" +
             html(node_name(city, r.node)) + "</td><td>" + std::to_string(r.reports) +
             "</td><td>" + std::to_string(r.open) + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  out += "<p><b>反馈</b>：当日道路积雪结冰类诉求受理 " + std::to_string(d->reported) +
         " 件，办结 " + std::to_string(d->closed) + " 件。</p>\n";
}

}  // namespace cityops::gateway
