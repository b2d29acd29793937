#include "actors/scenarios/war_room_json.hpp"

#include "actors/domain/iso_time.hpp"
#include "actors/scenario_params.hpp"
#include "actors/scenarios/scenario_json.hpp"

namespace cityops::scenarios {
namespace {

// A JSON object built member by member.
class object {
 public:
  object& str(std::string_view k, std::string_view v) { return raw(k, json_text(v)); }
  object& opt_str(std::string_view k, const std::string& v) {
    return raw(k, v.empty() ? "null" : json_text(v));
  }
  object& num(std::string_view k, std::uint64_t v) { return raw(k, std::to_string(v)); }
  object& integer(std::string_view k, std::int64_t v) { return raw(k, std::to_string(v)); }
  object& flag(std::string_view k, bool v) { return raw(k, v ? "true" : "false"); }
  object& time(std::string_view k, std::int64_t ms) {
    return raw(k, ms == 0 ? "null" : json_text(domain::format_iso8601(ms)));
  }
  object& raw(std::string_view k, std::string_view json) {
    text_ += first_ ? "" : ",";
    first_ = false;
    text_ += json_text(k);
    text_ += ':';
    text_ += json;
    return *this;
  }
  std::string done() { return text_ + "}"; }

 private:
  std::string text_ = "{";
  bool first_ = true;
};

template <class Items, class Item>
std::string array(const Items& items, Item item) {
  std::string out = "[";
  for (const auto& x : items) out += (out.size() > 1 ? "," : "") + item(x);
  return out + "]";
}

std::string counts_json(const domain::war_room_case_counts& n) {
  return object()
      .num("received", n.received)
      .num("open", n.open)
      .num("done", n.done)
      .num("overdue", n.overdue)
      .num("last_hour", n.last_hour)
      .done();
}

std::string totals_json(const domain::run_totals& t) {
  return object().num("runs", t.runs).num("people_moved", t.people).done();
}

std::string sla_json(const config::sla_limit& l) {
  return object().num("limit", l.limit).str("unit", config::to_string(l.unit)).done();
}

std::string case_json(const domain::war_room_case* c) {
  return object()
      .str("id", c->id)
      .str("status", domain::to_string(c->status))
      .opt_str("category", c->category)
      .str("node", c->node)
      .opt_str("department", c->department)
      .str("priority", domain::to_string(c->priority))
      .time("reported", c->created_ms)
      .time("deadline", c->deadline_ms)
      .flag("overdue", c->overdue)
      .done();
}

std::string station_json(const domain::war_room_station& s, const war_room_view& v) {
  const auto* d = v.city.find_department(s.department);
  const auto load = v.cases.load_of(s.department);
  return object()
      .str("department", s.department)
      .str("name", d ? d->name : s.department)
      .num("people", s.people())
      .raw("teams", array(s.teams,
                          [](const domain::on_site_team& t) {
                            return object().str("name", t.name).num("people", t.people).done();
                          }))
      .num("assigned", load.assigned)
      .num("working", load.working)
      .num("handled", load.handled)
      .done();
}

std::string dispatch_json(const std::optional<domain::resource_dispatch>& d) {
  if (!d) return "null";
  return object()
      .str("to", d->to)
      .opt_str("case", d->case_id)
      .time("at", d->at_ms)
      .str("by", d->by)
      .done();
}

object resource_fields(const domain::resource_state& s) {
  object o;
  o.str("id", s.resource->id)
      .str("kind", s.resource->kind)
      .str("name", s.resource->name)
      .num("capacity", s.resource->capacity)
      .str("state", s.out ? "out" : "available")
      .raw("out", dispatch_json(s.out))
      .num("runs", s.runs)
      .num("people_moved", s.people)
      .time("last_run", s.last_run_ms);
  return o;
}

std::string area_json(const domain::scenario_area& a) {
  if (!a.is_polygon()) return object().str("node", a.node).done();
  return object().num("polygon_points", a.polygon.size()).done();
}

}  // namespace

std::string board_json(const war_room_view& v, std::size_t queue_limit) {
  const auto counts = v.cases.count(v.now_ms);
  const auto hour = v.ledger.after(v.now_ms - 3600 * 1000LL);
  std::string by_category = "{";
  for (const auto& [code, n] : v.cases.last_hour_by_category(v.now_ms))
    by_category += (by_category.size() > 1 ? "," : "") + json_text(code) + ":" + std::to_string(n);
  by_category += "}";
  return object()
      .str("state", v.open ? "open" : "scheduled")
      .raw("area", area_json(v.profile.area))
      .str("centre", v.profile.centre)
      .time("from", v.profile.from_ms)
      .time("until", v.profile.until_ms)
      .raw("sla", sla_json(v.profile.sla))
      .raw("cases", counts_json(counts))
      .raw("last_hour", object()
                            .num("cases", counts.last_hour)
                            .raw("by_category", by_category)
                            .num("runs", hour.runs)
                            .num("people_moved", hour.people)
                            .done())
      .raw("queue", array(v.cases.queue(queue_limit), case_json))
      .num("queue_total", counts.open)
      .num("people_on_site", v.profile.people_on_site())
      .raw("teams", array(v.profile.stations,
                          [&v](const domain::war_room_station& s) { return station_json(s, v); }))
      .raw("resources", array(v.ledger.all(),
                              [](const domain::resource_state& s) { return resource_fields(s).done(); }))
      .raw("runs", totals_json(v.ledger.totals()))
      .done();
}

std::string board_summary_json(const war_room_view& v) {
  std::uint64_t out = 0;
  for (const auto& s : v.ledger.all()) out += s.out ? 1 : 0;
  return object()
      .str("state", v.open ? "open" : "scheduled")
      .raw("cases", counts_json(v.cases.count(v.now_ms)))
      .raw("runs", totals_json(v.ledger.totals()))
      .num("resources_out", out)
      .num("people_on_site", v.profile.people_on_site())
      .done();
}

std::string run_json(const domain::resource_run& r) {
  return object()
      .num("number", r.number)
      .str("resource", r.resource)
      .num("people", r.people)
      .opt_str("from", r.from)
      .opt_str("to", r.to)
      .opt_str("case", r.case_id)
      .time("at", r.at_ms)
      .str("by", r.by)
      .opt_str("ref", r.ref)
      .done();
}

std::string resource_json(const domain::resource_state& s, const domain::resource_ledger& ledger,
                          std::size_t runs_limit) {
  return resource_fields(s)
      .raw("recent_runs", array(ledger.runs_of(s.resource->id, runs_limit),
                                [](const domain::resource_run* r) { return run_json(*r); }))
      .done();
}

// ---- journal -------------------------------------------------------------------------------

std::string opened_entry(std::int64_t at_ms) { return object().time("at", at_ms).done(); }

std::string dispatch_entry(const std::string& resource, const domain::resource_dispatch& d) {
  return object()
      .str("resource", resource)
      .str("to", d.to)
      .opt_str("case", d.case_id)
      .time("at", d.at_ms)
      .str("by", d.by)
      .done();
}

std::string release_entry(const std::string& resource, std::int64_t at_ms, const std::string& by) {
  return object().str("resource", resource).time("at", at_ms).str("by", by).done();
}

std::string tally_entry(const war_room_view& v) {
  const auto n = v.cases.count(v.now_ms);
  const auto t = v.ledger.totals();
  return object()
      .num("received", n.received)
      .num("open", n.open)
      .num("runs", t.runs)
      .num("people_moved", t.people)
      .done();
}

std::optional<std::int64_t> replay_entry(const domain::scenario_event& e,
                                         domain::resource_ledger& ledger) {
  param_reader in;
  if (param_reader::parse(e.detail, in)) return std::nullopt;
  const auto text = [&in](std::string_view k) { return in.string(k).value_or(""); };
  const auto at = domain::parse_iso8601(text("at")).value_or(0);
  if (e.kind == "opened") return at;
  if (e.kind == "dispatch") {
    ledger.dispatch(text("resource"), domain::resource_dispatch{text("to"), text("case"), at, text("by")});
  } else if (e.kind == "release") {
    ledger.release(text("resource"));
  } else if (e.kind == "run") {
    domain::resource_run r;
    r.number = static_cast<std::uint64_t>(in.integer("number").value_or(0));
    r.resource = text("resource");
    r.people = static_cast<std::uint32_t>(in.integer("people").value_or(0));
    r.from = text("from");
    r.to = text("to");
    r.case_id = text("case");
    r.at_ms = at;
    r.by = text("by");
    r.ref = text("ref");
    ledger.add_run(std::move(r));
  }
  return std::nullopt;
}

}  // namespace cityops::scenarios
