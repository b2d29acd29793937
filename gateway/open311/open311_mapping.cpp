#include "gateway/open311/open311_mapping.hpp"

#include "actors/domain/iso_time.hpp"
#include "gateway/utf8.hpp"

namespace cityops::gateway::open311 {
namespace {

std::string time_or_empty(std::int64_t ms) {
  return ms == 0 ? std::string() : domain::format_iso8601(ms);
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (s.empty()) continue;
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string sla_text(const config::sla_limit& sla) {
  return std::to_string(sla.limit) +
         (sla.unit == config::sla_unit::hours ? " 小时" : " 个工作日");
}

element service_entry(const config::category& c, const config::city_model& city) {
  const auto* major = city.find_major(c.major);
  const std::string group = major ? major->name : std::string();
  auto e = element::object("service");
  e.add_text("service_code", c.code)
      .add_text("service_name", c.name)
      .add_text("description",
                (group.empty() ? std::string() : group + "：") + c.name + "，处理时限 " +
                    sla_text(c.sla))
      .add_boolean("metadata", true)
      .add_text("type", "realtime")
      .add_text_or_null("keywords", join(c.keywords, ", "))
      .add_text_or_null("group", group);
  return e;
}

}  // namespace

bool is_closed(domain::case_status s) { return !domain::is_open(s); }

std::string_view open311_status(domain::case_status s) { return is_closed(s) ? "closed" : "open"; }

element service_list(const config::city_model& city) {
  auto doc = element::list("services", "service");
  for (const auto& c : city.categories()) doc.add(service_entry(c, city));
  return doc;
}

element service_definition(const config::category& c) {
  auto doc = element::object("service_definition");
  doc.add_text("service_code", c.code);
  auto& attributes = doc.add(element::list("attributes", "attribute"));
  auto& priority = attributes.add(element::object("attribute"));
  priority.add_boolean("variable", true)
      .add_text("code", std::string(priority_attribute))
      .add_text("datatype", "singlevaluelist")
      .add_boolean("required", false)
      .add_text("datatype_description", "normal 或 urgent，缺省为 normal")
      .add_integer("order", 1)
      .add_text("description", "紧急程度：危及人身安全或阻断交通时选“紧急”");
  auto& values = priority.add(element::list("values", "value"));
  values.add(element::object("value")).add_text("key", "normal").add_text("name", "一般");
  values.add(element::object("value")).add_text("key", "urgent").add_text("name", "紧急");
  return doc;
}

std::string status_notes(const domain::case_record& r) {
  for (auto it = r.history.rbegin(); it != r.history.rend(); ++it) {
    if (it->type == domain::event_type::merged)
      return "duplicate of " + it->into + (it->reason.empty() ? "" : ": " + it->reason);
    if (!it->result.empty()) return it->result;
    if (!it->reason.empty()) return it->reason;
  }
  if (r.status == domain::case_status::merged && !r.merged_into.empty())
    return "duplicate of " + r.merged_into;
  return {};
}

std::string service_notice(const domain::case_record& r, const config::city_model& city) {
  if (is_closed(r.status)) return {};
  std::string out;
  if (const auto* d = city.find_department(r.department)) out = "承办单位：" + d->name;
  if (r.deadline_ms != 0) {
    if (!out.empty()) out += "；";
    out += "预计办结时间：" + domain::format_iso8601(r.deadline_ms);
  }
  return out;
}

std::string address_of(const domain::case_record& r, const config::city_model& city) {
  if (!r.report.address.empty()) return r.report.address;
  std::vector<std::string> names;  // most specific first, as the spec asks
  for (auto it = r.location_path.rbegin(); it != r.location_path.rend(); ++it)
    if (const auto* n = city.find_node(*it)) names.push_back(n->name);
  return join(names, ", ");
}

element request_element(const domain::case_record& r, const config::city_model& city) {
  const auto* cat = city.find_category(r.category);
  const auto* dept = city.find_department(r.department);
  auto e = element::object("request");
  e.add_text("service_request_id", r.id)
      .add_text("status", std::string(open311_status(r.status)))
      .add_text_or_null("status_notes", status_notes(r))
      .add_text_or_null("service_name", cat ? cat->name : std::string())
      .add_text("service_code", r.category)
      .add_text_or_null("description",
                        std::string(utf8_prefix(r.report.text, max_description_chars)))
      .add_text_or_null("agency_responsible", dept ? dept->name : std::string())
      .add_text_or_null("service_notice", service_notice(r, city))
      .add_text("requested_datetime", time_or_empty(r.created_ms))
      .add_text_or_null("updated_datetime", time_or_empty(r.updated_ms))
      .add_text_or_null("expected_datetime", time_or_empty(r.deadline_ms))
      .add_text_or_null("address", address_of(r, city))
      .add_null("address_id")
      .add_null("zipcode");
  if (r.report.has_location)
    e.add_number("lat", r.report.lat).add_number("long", r.report.lon);
  else
    e.add_null("lat").add_null("long");
  e.add_text_or_null("media_url", r.report.media.empty() ? std::string() : r.report.media.front());
  return e;
}

element request_list(const std::vector<domain::case_record>& cases,
                     const config::city_model& city) {
  auto doc = element::list("service_requests", "request");
  for (const auto& r : cases) doc.add(request_element(r, city));
  return doc;
}

element created_list(const domain::case_record& r, const config::city_model& city) {
  auto doc = element::list("service_requests", "request");
  doc.add(element::object("request"))
      .add_text("service_request_id", r.id)
      .add_text_or_null("service_notice", service_notice(r, city))
      .add_null("account_id");
  return doc;
}

element token_list(const std::string& service_request_id, const std::string& token) {
  auto doc = element::list("service_requests", "request");
  doc.add(element::object("request"))
      .add_text("service_request_id", service_request_id)
      .add_text("token", token);
  return doc;
}


}  // namespace cityops::gateway::open311
