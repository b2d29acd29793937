#include "config/detail/city_document.hpp"

#include "config/civil_date.hpp"
#include "config/detail/divisions_tsv.hpp"
#include "config/detail/intake_document.hpp"
#include "config/detail/risk_document.hpp"

namespace cityops::config::detail {

namespace {

bool all_digits(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Department ids: ASCII letters, digits and . _ - (they appear in URLs and logs).
bool is_department_id(std::string_view s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == '-'))
      return false;
  return !s.empty();
}

// Department kinds: lower-case snake_case.
bool is_kind(std::string_view s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return !s.empty();
}

std::optional<tier> read_tier(table_reader& r, std::string_view k) {
  auto text = r.text(k);
  if (!text) return std::nullopt;
  auto t = parse_tier(*text);
  if (!t) r.fail(k, "unknown tier '" + *text + "' (expected community, street, district or city)");
  return t;
}

std::optional<std::string> read_kind(table_reader& r, std::string_view k) {
  auto kind = r.text(k);
  if (kind && !is_kind(*kind)) {
    r.fail(k, "bad kind '" + *kind + "': use lower-case letters, digits and _");
    return std::nullopt;
  }
  return kind;
}

// [reports]: the 每日信息's issuer, its daily time "HH:MM" (local) and whether it runs.
void read_reports(table_reader& r, report_settings& s) {
  if (auto v = r.text("issuer", false)) s.issuer = *v;
  if (auto v = r.text("daily_at", false)) {
    const bool shaped = v->size() == 5 && (*v)[2] == ':' && std::isdigit((*v)[0]) &&
                        std::isdigit((*v)[1]) && std::isdigit((*v)[3]) && std::isdigit((*v)[4]);
    const int hours = shaped ? std::stoi(v->substr(0, 2)) : 99;
    const int minutes = shaped ? std::stoi(v->substr(3, 2)) : 99;
    if (hours > 23 || minutes > 59)
      r.fail("daily_at", "must be a local time HH:MM (00:00..23:59), not '" + *v + "'");
    else
      s.daily_at_minute = hours * 60 + minutes;
  }
  if (auto v = r.boolean("daily", false)) s.daily = *v;
  r.reject_unknown_keys("issuer, daily_at, daily");
}

void read_service(table_reader& r, service_settings& s) {
  if (auto listen = r.text("listen", false)) {
    const auto colon = listen->rfind(':');
    const std::string port = colon == std::string::npos ? "" : listen->substr(colon + 1);
    const bool port_ok = !port.empty() && port.size() <= 5 &&
                         port.find_first_not_of("0123456789") == std::string::npos &&
                         std::stoul(port) <= 65535;
    if (colon == 0 || !port_ok)
      r.fail("listen", "bad address '" + *listen + "': expected HOST:PORT with a port 0..65535");
    else
      s.listen = *listen;
  }
  if (auto dir = r.text("data_dir", false)) s.data_dir = *dir;
  if (auto dir = r.text("web_root", false)) s.web_root = *dir;
  if (auto v = r.integer("case_idle_passivation_s", 1, 7 * 24 * 3600, false))
    s.case_idle_passivation = std::chrono::seconds(*v);
  if (auto v = r.integer("actor_request_timeout_ms", 1, 600000, false))
    s.actor_request_timeout = std::chrono::milliseconds(*v);
  if (auto v = r.integer("max_body_bytes", 1024, 1 << 30, false))
    s.max_body_bytes = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("io_threads", 1, 256, false))
    s.io_threads = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("sla_scan_interval_s", 1, 24 * 3600, false))
    s.sla_scan_interval = std::chrono::seconds(*v);
  if (auto v = r.integer("dispatch_max_returns", 0, 100, false))
    s.dispatch_max_returns = static_cast<std::uint32_t>(*v);
  if (auto v = r.boolean("dispatch_on_accept", false)) s.dispatch_on_accept = *v;
  if (auto v = r.integer("max_actor_restarts", 0, 1000, false))
    s.max_actor_restarts = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("actor_restart_period_s", 1, 24 * 3600, false))
    s.actor_restart_period = std::chrono::seconds(*v);
  if (auto v = r.integer("max_inflight_requests", 1, 1000000, false))
    s.max_inflight_requests = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("max_connections", 1, 1000000, false))
    s.max_connections = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("max_header_bytes", 1024, 1 << 20, false))
    s.max_header_bytes = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("read_timeout_s", 1, 3600, false))
    s.read_timeout = std::chrono::seconds(*v);
  if (auto v = r.integer("idle_timeout_s", 1, 3600, false))
    s.idle_timeout = std::chrono::seconds(*v);
  r.reject_unknown_keys(
      "listen, data_dir, web_root, case_idle_passivation_s, actor_request_timeout_ms, "
      "max_body_bytes, io_threads, sla_scan_interval_s, dispatch_max_returns, dispatch_on_accept, "
      "max_actor_restarts, actor_restart_period_s, max_inflight_requests, max_connections, "
      "max_header_bytes, read_timeout_s, idle_timeout_s");
}

// `unit` as the catalogue spells it; fails the key otherwise.
std::optional<sla_unit> read_sla_unit(table_reader& r, const char* key, bool required) {
  const auto unit = r.text(key, required);
  if (!unit) return std::nullopt;
  if (*unit == "hours") return sla_unit::hours;
  if (*unit == "working_days") return sla_unit::working_days;
  r.fail(key, "bad unit '" + *unit + "': expected hours or working_days");
  return std::nullopt;
}

// An urgent case's limit: `urgent_limit` with `urgent_unit` (hours when not given).
std::optional<sla_limit> read_urgent_limit(table_reader& r) {
  const auto limit = r.integer("urgent_limit", 1, 10000, false);
  const auto unit = read_sla_unit(r, "urgent_unit", false);
  if (!limit) {
    if (unit) r.fail("urgent_unit", "'urgent_unit' needs an 'urgent_limit'");
    return std::nullopt;
  }
  return sla_limit{static_cast<std::uint32_t>(*limit), unit.value_or(sla_unit::hours)};
}

void read_major(table_reader& r, city_builder& city) {
  major_category m;
  if (auto code = r.text("code")) {
    if (!all_digits(*code, 2)) r.fail("code", "bad major code '" + *code + "': expected 2 digits");
    m.code = *code;
  }
  if (auto name = r.text("name")) m.name = *name;
  if (auto kind = r.text("kind")) {
    if (*kind != "component" && *kind != "event")
      r.fail("kind", "bad kind '" + *kind + "': expected component (部件) or event (事件)");
    m.kind = *kind;
  }
  m.urgent_sla = read_urgent_limit(r);
  r.reject_unknown_keys("code, name, kind, urgent_limit, urgent_unit");
  city.add_major(std::move(m), origin{r.file(), r.path()});
}

void read_category(table_reader& r, city_builder& city) {
  category c;
  if (auto code = r.text("code")) {
    if (!all_digits(*code, 4))
      r.fail("code", "bad category code '" + *code + "': expected 4 digits, the major's 2 first");
    c.code = *code;
    c.major = code->substr(0, 2);
  }
  if (auto major = r.text("major", false); major && *major != c.major)
    r.fail("major", "major '" + *major + "' does not match the code '" + c.code + "'");
  if (auto name = r.text("name")) c.name = *name;
  if (auto limit = r.integer("limit", 1, 10000)) c.sla.limit = static_cast<std::uint32_t>(*limit);
  if (auto unit = read_sla_unit(r, "unit", true)) c.sla.unit = *unit;
  c.urgent_sla = read_urgent_limit(r);
  if (auto keywords = r.text_list("keywords", false)) c.keywords = std::move(*keywords);
  r.reject_unknown_keys("code, name, major, limit, unit, urgent_limit, urgent_unit, keywords");
  city.add_category(std::move(c), origin{r.file(), r.path()});
}

void read_department(table_reader& r, city_builder& city) {
  department d;
  if (auto id = r.text("id")) {
    if (!is_department_id(*id))
      r.fail("id", "bad id '" + *id + "': use ASCII letters, digits and . _ -");
    d.id = *id;
  }
  if (auto name = r.text("name")) d.name = *name;
  if (auto t = read_tier(r, "tier")) d.tier = *t;
  if (auto n = r.text("node")) d.node = *n;
  if (auto kind = read_kind(r, "kind")) d.kind = *kind;
  if (auto cats = r.text_list("categories", false)) d.categories = std::move(*cats);
  r.reject_unknown_keys("id, name, tier, node, kind, categories");
  city.add_department(std::move(d), origin{r.file(), r.path()});
}

void read_template(table_reader& r, city_builder& city) {
  department_template t;
  if (auto tt = read_tier(r, "tier")) t.tier = *tt;
  if (auto kind = read_kind(r, "kind")) t.kind = *kind;
  if (auto name = r.text("name")) t.name = *name;
  if (auto cats = r.text_list("categories", false)) t.categories = std::move(*cats);
  r.reject_unknown_keys("tier, kind, name, categories");
  t.where = origin{r.file(), r.path()};
  if (r.has("tier") && r.has("kind") && r.has("name")) city.add_template(std::move(t));
}

void read_rule(table_reader& r, city_builder& city) {
  routing_rule rule;
  if (auto cat = r.text("category")) rule.category = *cat;
  if (auto t = read_tier(r, "tier")) rule.tier = *t;
  if (auto kind = read_kind(r, "department_kind")) rule.department_kind = *kind;
  r.reject_unknown_keys("category, tier, department_kind");
  city.add_rule(std::move(rule), origin{r.file(), r.path()});
}

// Token names: ASCII letters, digits and . _ : - (they appear in `by`, logs and key scopes).
bool is_token_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == ':' || c == '-'))
      return false;
  return true;
}

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

void read_token(table_reader& r, std::vector<token_document>& tokens) {
  token_setting t;
  if (auto name = r.text("name")) {
    if (!is_token_name(*name))
      r.fail("name", "bad name '" + *name + "': use 1 to 64 ASCII letters, digits and . _ : -");
    else if (*name == "admin")
      r.fail("name", "'admin' is reserved for the admin token (CITYOPS_ADMIN_TOKEN / admin.token)");
    t.name = *name;
  }
  if (auto hash = r.text("sha256")) {
    if (!is_sha256_hex(*hash))
      r.fail("sha256", "expected the token's SHA-256 as 64 hex digits (never the token itself)");
    t.sha256 = lower_ascii(*hash);
  }
  if (auto role = r.text("role")) {
    if (*role != "citizen_app" && *role != "operator" && *role != "department" &&
        *role != "supervisor" && *role != "admin" && *role != "iot")
      r.fail("role", "unknown role '" + *role +
                         "' (expected citizen_app, operator, department, supervisor, admin or "
                         "iot)");
    t.role = *role;
  }
  const auto node = r.text("node", false);
  const auto department = r.text("department", false);
  r.reject_unknown_keys("name, sha256, role, node, department");
  if (t.role == "operator" && !node)
    r.fail("node", "missing key: an operator token names the node of its centre");
  if (t.role != "operator" && node) r.fail("node", "only operator tokens have a node");
  if (t.role == "department" && !department)
    r.fail("department", "missing key: a department token names its department");
  if (t.role != "department" && department)
    r.fail("department", "only department tokens have a department");
  t.node = node.value_or("");
  t.department = department.value_or("");
  for (const auto& other : tokens) {
    if (other.token.name == t.name)
      r.fail("name", "duplicate token name '" + t.name + "' (also " + other.path + ")");
    else if (other.token.sha256 == t.sha256)
      r.fail("sha256", "same token hash as " + other.path + " ('" + other.token.name + "')");
  }
  tokens.push_back(token_document{std::move(t), r.path()});
}

void read_calendar(table_reader& r, city_builder& city, error_slot& errors) {
  const auto date = r.date("date");
  const auto until = r.date("until", false);
  const bool working = r.boolean("working", false).value_or(false);
  const auto name = r.text("name");
  r.reject_unknown_keys("date, until, working, name");
  if (!errors.ok()) return;
  const std::int64_t first = days_from_civil(*parse_civil_date(*date));
  const std::int64_t last = until ? days_from_civil(*parse_civil_date(*until)) : first;
  if (last < first || last - first > 31) {
    r.fail("until", "'" + *until + "' must be on or after '" + *date + "' and within 31 days");
    return;
  }
  for (std::int64_t day = first; day <= last; ++day) {
    const civil_date d = civil_from_days(day);
    if (working && weekday(d) < 5) {
      r.fail("date", "make-up working day '" + format_civil_date(d) +
                         "' is not a Saturday or Sunday (working = true marks 调休 weekend days)");
      return;
    }
    city.add_calendar_day(calendar_day{format_civil_date(d), working, *name},
                          origin{r.file(), r.path()});
  }
}

// [map] districts = "file.geojson": the district outlines (config/district_map.hpp).
void read_map(table_reader& r, const document_context& ctx, city_builder& city) {
  const auto file = r.text("districts");
  r.reject_unknown_keys("districts");
  if (!file) return;
  std::string label = *file;
  std::string why;
  const auto text = ctx.read_file(*file, label, why);
  if (!text) return r.fail("districts", "cannot read '" + *file + "': " + why);
  auto map = district_map::parse(*text, why);
  if (!map) return r.fail("districts", label + ": " + why);
  city.set_map(std::move(map));
}

}  // namespace

std::optional<std::string> read_base(const toml::table& doc, const std::string& file,
                                     error_slot& errors) {
  table_reader r(errors, file, doc, "");
  auto base = r.text("base", false);
  if (!errors.ok()) return std::nullopt;
  if (!base) return std::string("default");
  if (*base != "default" && *base != "none") {
    r.fail("base", "unknown base '" + *base + "' (expected \"default\" or \"none\")");
    return std::nullopt;
  }
  return base;
}

bool apply_document(const toml::table& doc, const document_context& ctx, city_builder& city,
                    service_settings& service, intake_settings& intake, risk_settings& risk,
                    indicator_layer& indicators, report_settings& reports, error_slot& errors,
                    std::vector<token_document>* tokens) {
  table_reader top(errors, ctx.file, doc, "");
  top.text("base", false);  // read by the caller (read_base)
  if (auto divisions = top.text("divisions", false)) {
    if (!ctx.divisions_allowed) {
      top.fail("divisions", "only allowed with base = \"none\" (the default city has its own)");
      return false;
    }
    std::string label = *divisions;
    std::string why;
    const auto text = ctx.read_file(*divisions, label, why);
    if (!text) {
      top.fail("divisions", "cannot read '" + *divisions + "': " + why);
      return false;
    }
    auto nodes = parse_divisions_tsv(*text, label, errors);
    if (!errors.ok()) return false;
    city.set_divisions(std::move(nodes));
  } else if (ctx.divisions_allowed && !city.has_nodes() && errors.ok()) {
    top.fail("divisions", "missing key: with base = \"none\" the file must name its divisions TSV");
    return false;
  }
  if (const toml::table* t = top.table("map")) {
    if (!ctx.divisions_allowed) {
      top.fail("map", "only allowed with base = \"none\" (the default city has its own)");
      return false;
    }
    table_reader r(errors, ctx.file, *t, "map");
    read_map(r, ctx, city);
  }
  if (const toml::table* s = top.table("service")) {
    table_reader r(errors, ctx.file, *s, "service");
    read_service(r, service);
  }
  if (const toml::table* t = top.table("intake")) {
    table_reader r(errors, ctx.file, *t, "intake");
    read_intake(r, ctx, errors, intake);
  }
  if (const toml::table* t = top.table("risk")) {
    table_reader r(errors, ctx.file, *t, "risk");
    read_risk(r, ctx, errors, risk);
  }
  if (const toml::table* t = top.table("reports")) {
    table_reader r(errors, ctx.file, *t, "reports");
    read_reports(r, reports);
  }
  for (const auto& [t, path] : top.tables("positions")) {
    table_reader r(errors, ctx.file, *t, path);
    auto node_id = r.text("node");
    auto lat = r.number("lat", -90, 90);
    auto lon = r.number("lon", -180, 180);
    r.reject_unknown_keys("node, lat, lon");
    if (errors.ok()) city.add_position(*node_id, *lat, *lon, origin{ctx.file, path});
  }
  for (const auto& [t, path] : top.tables("majors")) {
    table_reader r(errors, ctx.file, *t, path);
    read_major(r, city);
  }
  for (const auto& [t, path] : top.tables("categories")) {
    table_reader r(errors, ctx.file, *t, path);
    read_category(r, city);
  }
  for (const auto& [t, path] : top.tables("departments")) {
    table_reader r(errors, ctx.file, *t, path);
    read_department(r, city);
  }
  for (const auto& [t, path] : top.tables("department_templates")) {
    table_reader r(errors, ctx.file, *t, path);
    read_template(r, city);
  }
  for (const auto& [t, path] : top.tables("routing")) {
    table_reader r(errors, ctx.file, *t, path);
    read_rule(r, city);
  }
  for (const auto& [t, path] : top.tables("calendar")) {
    table_reader r(errors, ctx.file, *t, path);
    read_calendar(r, city, errors);
  }
  read_indicators(top, errors, indicators);
  if (tokens) {
    for (const auto& [t, path] : top.tables("tokens")) {
      table_reader r(errors, ctx.file, *t, path);
      read_token(r, *tokens);
    }
  }
  top.reject_unknown_keys(
      tokens ? "base, divisions, map, service, intake, risk, reports, positions, majors, "
               "categories, departments, department_templates, routing, calendar, domains, "
               "indicators, tokens"
             : "base, divisions, map, service, intake, risk, reports, positions, majors, "
               "categories, departments, department_templates, routing, calendar, domains, "
               "indicators");
  return errors.ok();
}

void check_tokens(const std::vector<token_document>& tokens, const city_model& city,
                  const std::string& file, error_slot& errors) {
  for (const auto& d : tokens) {
    const auto& t = d.token;
    if (!t.node.empty() && !city.find_node(t.node))
      errors.fail(file, d.path + ".node", "unknown node '" + t.node + "'");
    if (!t.department.empty() && !city.find_department(t.department))
      errors.fail(file, d.path + ".department", "unknown department '" + t.department + "'");
    if (!errors.ok()) return;
  }
}

}  // namespace cityops::config::detail
