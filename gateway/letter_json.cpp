#include "gateway/letter_json.hpp"

#include "actors/domain/iso_time.hpp"
#include "gateway/json_fields.hpp"
#include "gateway/open311/xml_writer.hpp"

namespace cityops::gateway {
namespace {

// Text for HTML.
std::string html(std::string_view s) { return open311::xml_writer::escaped(s); }

std::string time_text(std::int64_t ms) { return ms == 0 ? std::string() : domain::format_iso8601(ms); }

// "2026年11月18日" of the local day.
std::string date_text(std::int64_t ms) {
  const auto stamp = domain::local_day_stamp(ms);  // YYYYMMDD
  return stamp.substr(0, 4) + "年" + std::to_string(std::stoi(stamp.substr(4, 2))) + "月" +
         std::to_string(std::stoi(stamp.substr(6, 2))) + "日";
}

const domain::case_record* find_case(const std::vector<domain::case_record>& cases,
                                     const std::string& id) {
  for (const auto& c : cases)
    if (c.id == id) return &c;
  return nullptr;
}

void case_row(std::string& out, const std::string& id, const domain::case_record* c,
              const config::city_model& city) {
  std::string category;
  if (c) {
    const auto* cat = city.find_category(c->category);
    category = cat ? c->category + " " + cat->name : c->category;
  }
  out += "<tr><td>" + html(id) + "</td><td>" + html(category) + "</td><td>" +
         html(c ? c->report.address : std::string()) + "</td><td>" +
         html(c ? time_text(c->created_ms) : std::string()) + "</td></tr>\n";
}

constexpr const char* print_css =
    "@page{size:A4;margin:25mm 20mm}"
    "body{font-family:'SimSun','Songti SC',serif;font-size:12pt;line-height:1.6;color:#000;"
    "max-width:170mm;margin:0 auto}"
    "h1{text-align:center;color:#c00;font-size:22pt;letter-spacing:2pt;margin:0 0 4mm}"
    ".number{text-align:center;margin-bottom:6mm;border-bottom:2px solid #c00;padding-bottom:3mm}"
    "table{width:100%;border-collapse:collapse;font-size:10pt}"
    "th,td{border:1px solid #000;padding:1mm 2mm;text-align:left}"
    ".sign{text-align:right;margin-top:12mm}"
    ".reply{margin-top:8mm;border-top:1px dashed #000;padding-top:3mm}"
    "@media print{a{color:#000;text-decoration:none}}";

}  // namespace

void write_letter(json_writer& w, const domain::risk_letter& l) {
  w.begin_object()
      .member("id", l.id)
      .member("kind", domain::to_string(l.kind))
      .member("kind_name", domain::letter_kind_name(l.kind))
      .member("year", static_cast<std::int64_t>(l.year))
      .member("number", l.number)
      .member("title", l.title)
      .member("issuer", l.issuer);
  w.key("department").begin_object().member("id", l.department).member("name",
                                                                        l.department_name);
  w.end_object();
  w.key("alert")
      .begin_object()
      .member("id", l.alert_id)
      .member("kind", domain::to_string(l.alert_kind_of))
      .member("level", domain::to_string(l.alert_level_of))
      .member("message", l.alert_message)
      .end_object();
  w.member("facts", l.facts).member("evidence", l.evidence);
  write_strings(w, "case_ids", l.case_ids);
  w.member("issued_by", l.issued_by);
  member_time(w, "issued_at", l.issued_ms);
  member_time(w, "reply_due", l.reply_due_ms);
  w.member("status", domain::to_string(l.status));
  if (l.status == domain::letter_status::replied) {
    w.key("reply").begin_object().member("text", l.reply_text).member("by", l.replied_by);
    member_time(w, "at", l.replied_ms);
    w.end_object();
  } else {
    w.key("reply").null();
  }
  write_strings(w, "scope_nodes", l.scope_nodes);
  w.end_object();
}

void write_letter_list(json_writer& w, const letter_list& list) {
  w.begin_object().key("items").begin_array();
  for (const auto& l : list.items) write_letter(w, l);
  w.end_array();
  member_or_null(w, "next_cursor", list.next_cursor);
  w.end_object();
}

std::string letter_html(const domain::risk_letter& l,
                        const std::vector<domain::case_record>& cases,
                        const config::city_model& city) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" +
         html(l.title) + "</title><style>" + print_css + "</style></head><body>\n";
  out += "<h1>" + html(l.issuer) + html(domain::letter_kind_name(l.kind)) + "</h1>\n";
  out += "<div class=\"number\">文号：" + html(l.title) + "（" + html(l.id) + "）</div>\n";
  out += "<p><strong>" + html(l.department_name) + "</strong>（" + html(l.department) + "）：</p>\n";
  out += "<p>" + html(l.facts) + "</p>\n";
  out += "<p>预警事项：" + html(l.alert_message) + "（" + html(l.alert_id) + "，" +
         html(domain::to_string(l.alert_level_of)) + "）</p>\n";
  if (!l.evidence.empty()) out += "<p>依据：" + html(l.evidence) + "</p>\n";
  out += "<table><thead><tr><th>案件编号</th><th>类别</th><th>地址</th><th>时间</th></tr>"
         "</thead><tbody>\n";
  for (const auto& id : l.case_ids) case_row(out, id, find_case(cases, id), city);
  out += "</tbody></table>\n";
  out += "<p>请于 <strong>" + html(time_text(l.reply_due_ms)) + "</strong> 前书面回复办理情况。</p>\n";
  out += "<div class=\"sign\"><p>" + html(l.issuer) + "</p><p>签发：" + html(l.issued_by) +
         "</p><p>" + html(date_text(l.issued_ms)) + "</p></div>\n";
  if (l.status == domain::letter_status::replied)
    out += "<div class=\"reply\"><p>回复（" + html(l.replied_by) + "，" +
           html(time_text(l.replied_ms)) + "）：</p><p>" + html(l.reply_text) + "</p></div>\n";
  out += "</body></html>\n";
  return out;
}

}  // namespace cityops::gateway
