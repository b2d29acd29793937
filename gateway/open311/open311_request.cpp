#include "gateway/open311/open311_request.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "actors/domain/iso_time.hpp"
#include "gateway/open311/open311_mapping.hpp"
#include "gateway/utf8.hpp"
#include "gateway/reporter_hash.hpp"

namespace cityops::gateway::open311 {
namespace {

constexpr std::size_t max_address_bytes = 500;
constexpr std::size_t max_name_bytes = 100;
constexpr std::size_t max_email_bytes = 254;
constexpr std::size_t max_url_bytes = 2000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' ||
                        s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// A finite decimal number ("37.46", "+121.4", "-1e-3"); nullopt otherwise.
std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool plausible_url(std::string_view u) {
  std::size_t scheme = 0;
  if (starts_with_ci(u, "https://"))
    scheme = 8;
  else if (starts_with_ci(u, "http://"))
    scheme = 7;
  else
    return false;
  if (u.size() == scheme) return false;
  return std::none_of(u.begin(), u.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b <= 0x20 || b == 0x7F;
  });
}

bool plausible_email(std::string_view e) {
  const auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == e.size()) return false;
  if (e.find('@', at + 1) != std::string_view::npos) return false;
  return std::none_of(e.begin(), e.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b <= 0x20 || b == 0x7F;
  });
}

// "a, b" from values that may themselves be comma lists; empty items dropped.
std::vector<std::string> split_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    std::size_t pos = 0;
    while (pos <= v.size()) {
      auto comma = v.find(',', pos);
      if (comma == std::string::npos) comma = v.size();
      const auto item = trim(std::string_view(v).substr(pos, comma - pos));
      if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end())
        out.emplace_back(item);
      pos = comma + 1;
    }
  }
  return out;
}

std::vector<std::string> all_values(const std::multimap<std::string, std::string>& query,
                                    const std::string& key) {
  std::vector<std::string> out;
  const auto [lo, hi] = query.equal_range(key);
  for (auto it = lo; it != hi; ++it) out.push_back(it->second);
  return out;
}

std::optional<std::string> first_value(const std::multimap<std::string, std::string>& query,
                                       const std::string& key) {
  const auto [lo, hi] = query.equal_range(key);
  for (auto it = lo; it != hi; ++it)
    if (!trim(it->second).empty()) return std::string(trim(it->second));
  return std::nullopt;
}

bool is_bare_date(std::string_view s) { return s.size() == 10; }

std::string attribute_line(const form_attribute& a) {
  std::string line = a.code + ": ";
  bool first = true;
  for (const auto& v : a.values) {
    if (!first) line += ", ";
    line += v;
    first = false;
  }
  return line;
}

}  // namespace

std::variant<domain::new_case, std::vector<error_item>> parse_service_request(
    const form_data& form, const config::city_model& city, std::string_view salt) {
  std::vector<error_item> errors;
  auto bad = [&](std::string description) { errors.push_back({400, std::move(description)}); };
  domain::new_case n;
  n.source = domain::case_source::open311;

  // service_code
  if (auto code = form.value("service_code")) {
    if (city.find_category(*code))
      n.category = *code;
    else
      errors.push_back({404, "service_code '" + std::string(utf8_prefix(*code, 32)) +
                                 "' was not found; GET services lists the valid ones"});
  } else {
    bad("service_code was not provided");
  }

  // location: lat + long, else address_string
  const auto lat_text = form.value("lat");
  const auto long_text = form.value("long");
  const auto address = form.value("address_string");
  if (lat_text || long_text) {
    if (!lat_text || !long_text) {
      bad("lat and long must be sent together");
    } else {
      const auto lat = parse_number(*lat_text);
      const auto lon = parse_number(*long_text);
      const bool lat_ok = lat && *lat >= -90 && *lat <= 90;
      const bool lon_ok = lon && *lon >= -180 && *lon <= 180;
      if (!lat_ok) bad("lat must be a WGS84 latitude from -90 to 90");
      if (!lon_ok) bad("long must be a WGS84 longitude from -180 to 180");
      if (lat_ok && lon_ok && city.map() && !city.locate(*lat, *lon)) {
        bad("lat and long lie outside every district of " + city.city_name);
      } else if (lat && lon) {
        n.lat = *lat;
        n.lon = *lon;
      }
    }
  } else if (!address) {
    if (form.value("address_id"))
      bad("address_id is not supported by this jurisdiction; send lat and long or "
          "address_string");
    else
      bad("a location is required: lat and long, or address_string");
  }
  if (address) {
    if (address->size() > max_address_bytes)
      bad("address_string is longer than " + std::to_string(max_address_bytes) + " bytes");
    else
      n.address = std::string(trim(*address));
  }
  if (!n.lat && address && errors.empty()) n.node = city.city_id;  // the city centre routes it

  // description and attributes → text, priority
  std::string text(trim(form.value("description").value_or("")));
  if (utf8_length(text) > max_description_chars)
    bad("description is longer than " + std::to_string(max_description_chars) + " characters");
  auto attributes = parse_attributes(form);
  if (auto* err = std::get_if<form_error>(&attributes)) {
    bad(err->message);
  } else {
    const auto& attrs = std::get<std::vector<form_attribute>>(attributes);
    std::string lines;
    for (const auto& a : attrs) {
      if (a.code == priority_attribute) {
        const auto p = a.values.size() == 1 ? domain::parse_case_priority(trim(a.values.front()))
                                            : std::nullopt;
        if (p)
          n.priority = *p;
        else
          bad("attribute[priority] must be one value: normal or urgent");
        if (!text.empty()) continue;  // with a description, priority is not text
      }
      if (!lines.empty()) lines += '\n';
      lines += attribute_line(a);
    }
    if (!lines.empty()) text = text.empty() ? lines : text + "\n\n" + lines;
  }
  if (text.empty())
    bad("description was not provided (or attributes to describe the problem)");
  else if (text.size() > domain::max_text_bytes)
    bad("description and attributes together exceed " + std::to_string(domain::max_text_bytes) +
        " bytes");
  n.text = std::move(text);

  // media_url
  if (auto url = form.value("media_url")) {
    const auto u = trim(*url);
    if (u.size() > max_url_bytes || !plausible_url(u))
      bad("media_url must be an http or https URL of at most " + std::to_string(max_url_bytes) +
          " bytes");
    else
      n.media.emplace_back(u);
  }

  // the person: name, email, phone
  const std::string first(trim(form.value("first_name").value_or("")));
  const std::string last(trim(form.value("last_name").value_or("")));
  const std::string email(trim(form.value("email").value_or("")));
  if (first.size() > max_name_bytes || last.size() > max_name_bytes)
    bad("first_name and last_name may have at most " + std::to_string(max_name_bytes) +
        " bytes each");
  if (!email.empty() && (email.size() > max_email_bytes || !plausible_email(email)))
    bad("email is not an e-mail address");
  std::string name = first;
  if (!last.empty()) name += (name.empty() ? "" : " ") + last;
  if (!email.empty()) name = name.empty() ? email : name + " <" + email + ">";
  n.reporter_name = std::move(name);
  if (auto phone = form.value("phone")) {
    if (const auto digits = normalize_phone(*phone))
      n.reporter_hash = hash_phone(salt, *digits);
    else
      bad("phone must be a phone number of 5 to 20 digits");
  }

  if (!errors.empty()) return errors;
  return n;
}

bool request_filter::matches(const domain::case_record& r) const {
  if (!service_codes.empty() &&
      std::find(service_codes.begin(), service_codes.end(), r.category) == service_codes.end())
    return false;
  const bool closed = is_closed(r.status);
  if (closed ? !want_closed : !want_open) return false;
  if (from_ms != 0 && r.created_ms < from_ms) return false;
  if (to_ms != 0 && r.created_ms >= to_ms) return false;
  return true;
}

std::variant<request_filter, std::vector<error_item>> parse_request_filter(
    const std::multimap<std::string, std::string>& query, const config::city_model& city,
    std::int64_t now_ms) {
  request_filter f;
  std::vector<error_item> errors;
  auto bad = [&](std::string description) { errors.push_back({400, std::move(description)}); };

  const auto ids = split_list(all_values(query, "service_request_id"));
  if (!ids.empty()) {
    if (ids.size() > max_request_ids)
      return std::vector<error_item>{
          {400, "at most " + std::to_string(max_request_ids) + " service_request_id at once"}};
    f.by_id = true;
    for (const auto& id : ids)
      if (domain::plausible_case_id(id)) f.ids.push_back(id);
    return f;
  }

  f.service_codes = split_list(all_values(query, "service_code"));
  for (const auto& code : f.service_codes)
    if (!city.find_category(code))
      bad("service_code '" + std::string(utf8_prefix(code, 32)) +
          "' was not found; GET services lists the valid ones");

  const auto statuses = split_list(all_values(query, "status"));
  if (!statuses.empty()) {
    f.want_open = f.want_closed = false;
    for (const auto& s : statuses) {
      if (s == "open")
        f.want_open = true;
      else if (s == "closed")
        f.want_closed = true;
      else
        bad("status must be open or closed (comma-separated for both), not '" +
            std::string(utf8_prefix(s, 32)) + "'");
    }
  }

  const auto start = first_value(query, "start_date");
  const auto end = first_value(query, "end_date");
  std::optional<std::int64_t> from;
  std::optional<std::int64_t> to;  // exclusive
  if (start) {
    from = domain::parse_iso8601(*start);
    if (!from) bad("start_date must be a w3 datetime such as 2026-11-01T00:00:00+08:00");
  }
  if (end) {
    const auto ms = domain::parse_iso8601(*end);
    if (!ms)
      bad("end_date must be a w3 datetime such as 2026-11-30T23:59:59+08:00");
    else
      to = is_bare_date(*end) ? *ms + domain::ms_per_day : *ms + 1;
  }
  if (errors.empty()) {
    if (from && to) {
      if (*to <= *from)
        bad("end_date is earlier than start_date");
      else if (*to - *from > max_window_ms + 1)
        bad("start_date and end_date may not span more than 90 days");
    } else if (from) {
      to = *from + max_window_ms;
    } else if (to) {
      from = *to - max_window_ms;
    } else {
      from = now_ms - max_window_ms;
    }
  }
  if (!errors.empty()) return errors;
  f.from_ms = from.value_or(0);
  f.to_ms = to.value_or(0);
  if (f.from_ms == 0) f.from_ms = 1;  // 0 means "no bound" to the storage query
  return f;
}

}  // namespace cityops::gateway::open311
