#include "actors/scenarios/war_room.hpp"

#include <algorithm>
#include <array>

#include "actors/scenarios/war_room_json.hpp"
#include "actors/scenarios/war_room_params.hpp"

namespace cityops::scenarios {
namespace {

using domain::error_code;
using domain::field_error;

constexpr std::size_t default_list = 50;
constexpr std::size_t max_list = 1000;
constexpr auto publish_every = std::chrono::seconds(1);

// The board's cases at (re)activation: those reported since the window opened, then the
// open ones reported before it, status by status.
constexpr std::array<domain::case_status, 9> open_statuses{
    domain::case_status::reported,    domain::case_status::verified,
    domain::case_status::accepted,    domain::case_status::dispatched,
    domain::case_status::returned,    domain::case_status::escalated,
    domain::case_status::in_progress, domain::case_status::handled,
    domain::case_status::inspected};

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    out.push_back(path.substr(start, end - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

// ?limit=N (1..1000), or the default; nullopt when malformed.
std::optional<std::size_t> list_limit(const scenario_request& req) {
  const auto it = req.query.find("limit");
  if (it == req.query.end()) return default_list;
  const auto& t = it->second;
  if (t.empty() || t.size() > 4 || t.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const auto n = std::stoul(t);
  if (n == 0 || n > max_list) return std::nullopt;
  return n;
}

scenario_reply failure(error_code code, std::string field, std::string message) {
  return scenario_reply::fail(field_error(code, std::move(field), std::move(message)));
}

class war_room final : public scenario {
 public:
  std::optional<domain::domain_error> configure(param_reader& in,
                                                const scenario_setup& setup) override {
    return read_war_room_profile(in, setup, profile_);
  }

  void activate(scenario_context& ctx) override {
    // After a restart: when the window opened, then what was dispatched and run.
    bool opened = false;
    for (const auto& e : ctx.journal())
      if (e.kind == "opened")
        if (const auto at = replay_entry(e, ledger_)) {
          profile_.from_ms = *at;
          opened = true;
        }
    ledger_ = domain::resource_ledger(profile_.resources, profile_.from_ms, profile_.until_ms);
    cases_ = domain::war_room_cases(profile_.from_ms);
    for (const auto& e : ctx.journal()) replay_entry(e, ledger_);

    const auto now = ctx.now_ms();
    if (now >= profile_.until_ms) {  // restored after its window: it ends at once
      ctx.schedule(std::chrono::milliseconds(0), "end");
      return;
    }
    if (opened || now >= profile_.from_ms)
      open(ctx, !opened);
    else
      ctx.schedule(std::chrono::milliseconds(profile_.from_ms - now), "open");
    ctx.schedule(std::chrono::milliseconds(profile_.until_ms - now), "end");
    seed(ctx, 0, {});
  }

  void on_cases(const std::string& tag, const domain::result<case_list>& page,
                scenario_context& ctx) override {
    if (tag.rfind("seed:", 0) != 0) return;
    const auto step = static_cast<std::size_t>(std::stoul(tag.substr(5)));
    if (!page.ok()) return;  // the board shows what the stream brings
    bool changed = false;
    for (const auto& r : page.value().items) changed |= observe(r);
    if (changed) board_changed(ctx);
    if (!page.value().next_cursor.empty())
      seed(ctx, step, page.value().next_cursor);
    else if (step < open_statuses.size())
      seed(ctx, step + 1, {});
  }

  void on_committed(const committed_batch& batch, scenario_context& ctx) override {
    bool changed = false;
    for (const auto& c : batch.commits) changed |= observe(c.snapshot);
    if (changed) board_changed(ctx);
  }

  void on_timer(const std::string& tag, scenario_context& ctx) override {
    if (tag == "open") {
      open(ctx, true);
    } else if (tag == "end") {
      ctx.deactivate_self("战时结束");
    } else if (tag == "board") {
      publish_pending_ = false;
      ctx.publish("board", board_summary_json(view(ctx)), profile_.centre);
    }
  }

  scenario_reply on_request(const scenario_request& req, scenario_context& ctx) override {
    if (!allowed(req, ctx.city()))
      return failure(error_code::forbidden, "",
                     "the war room is run by its centre, the stationed departments, "
                     "supervisors and admins");
    const auto parts = split_path(req.path);
    if (req.method == "GET" && req.path == "board") {
      const auto limit = list_limit(req);
      if (!limit) return failure(error_code::invalid_field, "limit", "'limit' must be 1..1000");
      return scenario_reply::json(200, board_json(view(ctx), *limit));
    }
    if (parts[0] != "resources") return scenario::on_request(req, ctx);
    if (parts.size() == 1 && req.method == "GET") {
      std::string body = "{\"items\":[";
      for (const auto& s : ledger_.all())
        body += (body.back() == '[' ? "" : ",") + resource_json(s, ledger_, 0);
      return scenario_reply::json(200, body + "]}");
    }
    if (parts.size() < 2 || parts.size() > 3) return scenario::on_request(req, ctx);
    const auto* s = ledger_.find(parts[1]);
    if (!s) return failure(error_code::not_found, "resource", "the war room has no resource '" + parts[1] + "'");
    const std::string what = parts.size() == 3 ? parts[2] : "";
    if (req.method == "GET" && what.empty())
      return scenario_reply::json(200, resource_json(*s, ledger_, default_list));
    if (req.method == "GET" && what == "runs") {
      const auto limit = list_limit(req);
      if (!limit) return failure(error_code::invalid_field, "limit", "'limit' must be 1..1000");
      std::string body = "{\"items\":[";
      for (const auto* r : ledger_.runs_of(parts[1], *limit))
        body += (body.back() == '[' ? "" : ",") + run_json(*r);
      return scenario_reply::json(200, body + "]}");
    }
    if (req.method != "POST") return scenario::on_request(req, ctx);
    if (what == "dispatch") return dispatch(parts[1], req, ctx);
    if (what == "release") return release(parts[1], req, ctx);
    if (what == "runs") return run(parts[1], req, ctx);
    return scenario::on_request(req, ctx);
  }

  void deactivate(scenario_context& ctx) override {
    ctx.record("tally", tally_entry(view(ctx)));
    // After the rules are withdrawn: the area's open cases return to normal routing.
    ctx.adjust_open_cases(profile_.area);
  }

 private:
  void open(scenario_context& ctx, bool first) {
    ctx.set_rules(domain::war_room_rules(profile_, ctx.city()));
    open_ = true;
    if (!first) return;
    ctx.adjust_open_cases(profile_.area);
    ctx.record("opened", opened_entry(profile_.from_ms));
  }

  void seed(scenario_context& ctx, std::size_t step, std::string cursor) {
    case_query q;
    q.node = profile_.area.node;  // "" for a polygon: the whole city, filtered by observe()
    q.cursor = std::move(cursor);
    q.limit = 200;
    if (step == 0) {
      q.from_ms = profile_.from_ms;
    } else {
      q.status = std::string(domain::to_string(open_statuses[step - 1]));
      q.to_ms = profile_.from_ms;
    }
    ctx.query_cases(std::move(q), "seed:" + std::to_string(step));
  }

  bool observe(const domain::case_record& r) {
    if (!domain::scenario_rules::contains(profile_.area, domain::place_of(r))) return false;
    return cases_.observe(r);
  }

  void board_changed(scenario_context& ctx) {
    if (publish_pending_) return;
    publish_pending_ = true;
    ctx.schedule(publish_every, "board");
  }

  bool allowed(const scenario_request& req, const config::city_model& city) const {
    if (req.role == "supervisor" || req.role == "admin") return true;
    if (req.role == "operator")
      return !req.node.empty() && city.in_subtree(profile_.centre, req.node);
    if (req.role == "department") return profile_.station(req.department) != nullptr;
    return false;
  }

  std::optional<domain::domain_error> check_case(const std::string& id) const {
    if (id.empty() || cases_.find(id)) return std::nullopt;
    return field_error(error_code::not_found, "case", "case '" + id + "' is not on the war room's board");
  }

  std::optional<domain::domain_error> check_open() const {
    if (open_) return std::nullopt;
    return field_error(error_code::conflict, "resource", "the war room's window has not opened");
  }

  scenario_reply dispatch(const std::string& id, const scenario_request& req,
                          scenario_context& ctx) {
    auto d = read_dispatch(req.body);
    if (!d) return scenario_reply::fail(d.error());
    if (auto e = check_open()) return scenario_reply::fail(*e);
    if (auto e = ledger_.check_dispatch(id)) return scenario_reply::fail(*e);
    if (auto e = check_case(d->case_id)) return scenario_reply::fail(*e);
    d->at_ms = ctx.now_ms();
    d->by = req.caller;
    ctx.record("dispatch", dispatch_entry(id, *d));
    ledger_.dispatch(id, std::move(*d));
    return resource_changed("dispatch", id, ctx);
  }

  scenario_reply release(const std::string& id, const scenario_request& req,
                         scenario_context& ctx) {
    if (auto e = read_release(req.body)) return scenario_reply::fail(*e);
    if (auto e = ledger_.check_release(id)) return scenario_reply::fail(*e);
    ctx.record("release", release_entry(id, ctx.now_ms(), req.caller));
    ledger_.release(id);
    return resource_changed("release", id, ctx);
  }

  scenario_reply run(const std::string& id, const scenario_request& req, scenario_context& ctx) {
    auto in = read_run(req.body);
    if (!in) return scenario_reply::fail(in.error());
    in->resource = id;
    if (const auto* before = ledger_.by_ref(id, in->ref))
      return scenario_reply::json(200, run_json(*before));
    if (auto e = check_open()) return scenario_reply::fail(*e);
    if (auto e = check_case(in->case_id)) return scenario_reply::fail(*e);
    auto r = ledger_.prepare_run(std::move(in.value()), ctx.now_ms());
    if (!r) return scenario_reply::fail(r.error());
    r->by = req.caller;
    ctx.record("run", run_json(*r));
    const auto body = run_json(ledger_.add_run(std::move(r.value())));
    ctx.publish("run", body, profile_.centre);
    board_changed(ctx);
    return scenario_reply::json(201, body);
  }

  scenario_reply resource_changed(const char* event, const std::string& id,
                                  scenario_context& ctx) {
    auto body = resource_json(*ledger_.find(id), ledger_, 0);
    ctx.publish(event, body, profile_.centre);
    board_changed(ctx);
    return scenario_reply::json(200, std::move(body));
  }

  war_room_view view(const scenario_context& ctx) const {
    return war_room_view{profile_, cases_, ledger_, ctx.city(), open_, ctx.now_ms()};
  }

  domain::war_room_profile profile_;
  domain::war_room_cases cases_;
  domain::resource_ledger ledger_;
  bool open_ = false;
  bool publish_pending_ = false;
};

}  // namespace

scenario_description war_room_description() {
  return {"war_room",
          "战时",
          "A festival war room: for a time window, every case of the festival area skips the "
          "rings and goes to one flat on-site queue at the war-room node, dispatched at once "
          "among the departments stationed there, with a short SLA limit; resources such as "
          "shuttle buses are dispatched and their runs and people moved recorded; the board "
          "is GET …/war_room/board and live on the feed. At the end the area's open cases "
          "return to normal routing.",
          {{"area", "area", true, "{\"node\": id} or {\"polygon\": [{\"lat\", \"lon\"}, …]}"},
           {"centre", "string", true, "the war-room node: its centre holds the on-site queue"},
           {"from", "time", false, "ISO 8601: the window opens (default: at once)"},
           {"until", "time", true, "ISO 8601: the window closes (at most 31 days after from)"},
           {"sla", "sla_limit", false, "{\"limit\", \"unit\"} for every category in the area; default 2 hours"},
           {"stations", "array", true,
            "[{\"department\", \"teams\": [{\"name\", \"people\"}]}]: departments on site"},
           {"resources", "array", false,
            "[{\"id\", \"kind\", \"name\", \"capacity\"}]: what the war room dispatches"}}};
}

std::unique_ptr<scenario> make_war_room() { return std::make_unique<war_room>(); }

}  // namespace cityops::scenarios
