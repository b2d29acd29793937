#include "actors/scenarios/snow_response.hpp"

#include <algorithm>
#include <optional>

#include "actors/domain/iso_time.hpp"
#include "actors/domain/snow_level.hpp"
#include "actors/domain/snow_profile.hpp"
#include "actors/domain/snow_roads.hpp"
#include "actors/scenarios/snow_json.hpp"
#include "actors/scenarios/snow_settings.hpp"

namespace cityops::scenarios {
namespace {

using domain::snow_level;

constexpr std::size_t roads_on_feed = 5;
constexpr std::size_t timeline_kept = 100;
constexpr std::int64_t roads_default = 20;
constexpr std::int64_t roads_max = 100;

struct level_change {
  std::int64_t at_ms = 0;
  snow_level from = snow_level::none;
  snow_level to = snow_level::none;
  std::vector<std::string> deciding;
};

struct warning_state {
  snow_level level = snow_level::none;
  std::string signal;  // as posted: blue … red, lifted
  std::string source;
  std::string text;
  std::int64_t issued_ms = 0;
  std::int64_t at_ms = 0;  // when it was received
  std::string by;
};

std::string level_text(snow_level l) { return json_text(domain::to_string(l)); }

domain::domain_error forbidden(const std::string& what) {
  return domain::field_error(domain::error_code::forbidden, "", what);
}

class snow_response final : public scenario {
 public:
  std::optional<domain::domain_error> configure(param_reader& in,
                                                const scenario_setup& setup) override {
    auto s = read_snow_settings(in, setup);
    if (!s) return s.error();
    settings_ = std::move(*s);
    board_ = domain::snow_road_board(settings_.window_ms, settings_.hot_spot_reports);
    watched_ = settings_.profile.categories;
    for (const auto& level : settings_.profile.levels)
      if (level)
        for (const auto& c : level->categories)
          if (std::find(watched_.begin(), watched_.end(), c) == watched_.end()) watched_.push_back(c);
    return std::nullopt;
  }

  void activate(scenario_context& ctx) override {
    node_ = settings_.area.is_polygon() ? std::string() : settings_.area.node;
    if (ctx.restoring()) restore(ctx.journal());
    ctx.set_rules(domain::snow_rules(settings_.profile, level_, settings_.area, ctx.city()));
    ctx.schedule(std::chrono::milliseconds(settings_.feedback_ms), "feedback");
    if (!ctx.restoring()) publish_monitor(ctx);
    read_window(ctx, {});
  }

  // The recent window's reports, read back from the store (at activation: what came before
  // it; after a restart: what the committed stream brought before the stop).
  void on_cases(const std::string& tag, const domain::result<case_list>& page,
                scenario_context& ctx) override {
    if (tag != "window" || !page.ok()) return;
    const auto now = ctx.now_ms();
    for (const auto& r : page.value().items)
      if (watches(r)) board_.observe(r, now);
    if (!page.value().next_cursor.empty()) return read_window(ctx, page.value().next_cursor);
    evaluate(ctx);
  }

  void on_samples(const std::vector<domain::indicator_sample>& samples,
                  scenario_context& ctx) override {
    bool moved = false;
    for (const auto& x : samples) {
      auto* slot = x.indicator == settings_.snowfall_indicator      ? &snowfall_
                   : x.indicator == settings_.temperature_indicator ? &temperature_
                                                                    : nullptr;
      if (!slot || (*slot && (*slot)->at_ms > x.at_ms)) continue;
      *slot = x;
      moved = true;
    }
    if (moved) evaluate(ctx);
  }

  void on_committed(const committed_batch& batch, scenario_context& ctx) override {
    bool seen = false;
    const auto now = ctx.now_ms();
    for (const auto& c : batch.commits) {
      const auto& r = c.snapshot;
      if (!watches(r)) continue;
      seen = true;
      board_.observe(r, now);
      if (c.previous.version == 0 || !watches(c.previous)) ++reported_;
      if (c.previous.version != 0 && domain::is_open(c.previous.status) &&
          !domain::is_open(r.status))
        ++closed_;
    }
    if (seen) evaluate(ctx);
  }

  void on_timer(const std::string& tag, scenario_context& ctx) override {
    if (tag == "lower") {
      lower_timer_ms_ = 0;
      evaluate(ctx);
    } else if (tag == "feedback") {
      feedback(ctx, false);
      ctx.schedule(std::chrono::milliseconds(settings_.feedback_ms), "feedback");
    }
  }

  scenario_reply on_request(const scenario_request& req, scenario_context& ctx) override {
    if (req.method == "POST" && req.path == "warnings") return post_warning(req, ctx);
    if (req.method == "GET" && req.path == "status")
      return scenario_reply::json(200, status_json(ctx));
    if (req.method == "GET" && req.path == "roads") return get_roads(req, ctx);
    return scenario::on_request(req, ctx);
  }

  void deactivate(scenario_context& ctx) override { feedback(ctx, true); }

 private:
  void read_window(scenario_context& ctx, std::string cursor) {
    case_query q;
    q.node = settings_.area.is_polygon() ? std::string() : settings_.area.node;
    q.from_ms = ctx.now_ms() - settings_.window_ms;
    q.cursor = std::move(cursor);
    q.limit = 200;
    ctx.query_cases(std::move(q), "window");
  }

  bool watches(const domain::case_record& r) const {
    return domain::in_categories(watched_, r.category) &&
           domain::scenario_rules::contains(settings_.area, domain::place_of(r));
  }

  domain::snow_inputs inputs(std::int64_t now) const {
    domain::snow_inputs in;
    in.warning = warning_.level;
    if (snowfall_) in.snowfall = snowfall_->value;
    if (temperature_) in.temperature = temperature_->value;
    in.hot_spots = board_.hot_spots(now);
    return in;
  }

  // 研判: the level the inputs call for now, and the change it makes.
  void evaluate(scenario_context& ctx) {
    const auto now = ctx.now_ms();
    board_.expire(now);
    const auto a = domain::assess(inputs(now), settings_.thresholds);
    const bool inputs_moved = a.by_warning != last_.by_warning ||
                              a.by_snowfall != last_.by_snowfall ||
                              a.by_temperature != last_.by_temperature ||
                              a.by_hot_spots != last_.by_hot_spots;
    last_ = a;
    if (inputs_moved) publish_monitor(ctx);
    const auto step =
        domain::next_level(level_, a.level, lower_since_ms_, now, settings_.hold_ms);
    lower_since_ms_ = step.lower_since_ms;
    if (step.recheck_ms != 0 && step.recheck_ms != lower_timer_ms_) {
      lower_timer_ms_ = step.recheck_ms;
      ctx.schedule(std::chrono::milliseconds(std::max<std::int64_t>(0, step.recheck_ms - now)),
                   "lower");
    }
    if (step.changed) change_level(ctx, step.level, a);
  }

  // A new level: its rules, the journal entry (研判), the open cases brought in line and the
  // profile announced (处置).
  void change_level(scenario_context& ctx, snow_level to, const domain::snow_assessment& a) {
    const auto now = ctx.now_ms();
    level_change change{now, level_, to, a.deciding};
    level_ = to;
    ctx.set_rules(domain::snow_rules(settings_.profile, level_, settings_.area, ctx.city()));
    const auto detail = "{\"stage\":\"研判\",\"from\":" + level_text(change.from) +
                        ",\"to\":" + level_text(to) + ",\"colour\":" +
                        json_text(domain::warning_colour(to)) +
                        ",\"deciding\":" + json_list(a.deciding) +
                        ",\"assessment\":" + assessment_json(a) + ",\"inputs\":" +
                        inputs_json(now) + "}";
    ctx.record("level", detail);
    ctx.publish("level", detail, node_);
    timeline_.push_back(std::move(change));
    if (timeline_.size() > timeline_kept) timeline_.erase(timeline_.begin());
    // Raising tightens the open cases (deadlines shorten, priorities rise); lowering keeps
    // what was promised and only brings cases back from a centre the lower level does not
    // station.
    ctx.adjust_open_cases(settings_.area);
    ctx.publish("dispose",
                "{\"stage\":\"处置\",\"level\":" + level_text(level_) +
                    ",\"profile\":" + profile_json(settings_.profile, level_) + ",\"roads\":" +
                    roads_json(board_.ranking(now, roads_on_feed), ctx.city()) + "}",
                node_);
  }

  // 监测: what the inputs say now.
  void publish_monitor(scenario_context& ctx) {
    const auto now = ctx.now_ms();
    ctx.publish("monitor",
                "{\"stage\":\"监测\",\"level\":" + level_text(level_) + ",\"inputs\":" +
                    inputs_json(now) + ",\"assessment\":" + assessment_json(last_) + "}",
                node_);
  }

  // 反馈: the cases handled since activation, in the journal and on the feed.
  void feedback(scenario_context& ctx, bool final) {
    const auto now = ctx.now_ms();
    board_.expire(now);
    const auto detail = "{\"stage\":\"反馈\",\"level\":" + level_text(level_) +
                        ",\"reported\":" + std::to_string(reported_) +
                        ",\"closed\":" + std::to_string(closed_) +
                        ",\"hot_spots\":" + std::to_string(board_.hot_spots(now)) +
                        ",\"roads\":" + roads_json(board_.ranking(now, roads_on_feed), ctx.city()) +
                        ",\"final\":" + (final ? "true" : "false") + "}";
    ctx.record("feedback", detail);
    ctx.publish("feedback", detail, node_);
  }

  std::string warning_json() const {
    if (warning_.at_ms == 0) return "null";
    return "{\"signal\":" + json_text(warning_.signal) + ",\"level\":" +
           level_text(warning_.level) + ",\"source\":" + json_text(warning_.source) +
           ",\"text\":" + json_text(warning_.text) + ",\"issued\":" +
           json_time(warning_.issued_ms) + ",\"received\":" + json_time(warning_.at_ms) +
           ",\"by\":" + json_text(warning_.by) + "}";
  }

  static std::string sample_json(const std::optional<domain::indicator_sample>& s) {
    if (!s) return "null";
    return "{\"indicator\":" + json_text(s->indicator) + ",\"value\":" + json_number(s->value) +
           ",\"at\":" + json_time(s->at_ms) + "}";
  }

  std::string inputs_json(std::int64_t now) const {
    return "{\"warning\":" + level_text(warning_.level) + ",\"snowfall\":" +
           sample_json(snowfall_) + ",\"temperature\":" + sample_json(temperature_) +
           ",\"hot_spots\":" + std::to_string(board_.hot_spots(now)) + "}";
  }

  std::string status_json(scenario_context& ctx) {
    const auto now = ctx.now_ms();
    board_.expire(now);
    std::string timeline = "[";
    for (std::size_t i = 0; i < timeline_.size(); ++i) {
      const auto& t = timeline_[i];
      timeline += std::string(i ? "," : "") + "{\"at\":" + json_time(t.at_ms) +
                  ",\"from\":" + level_text(t.from) + ",\"to\":" + level_text(t.to) +
                  ",\"deciding\":" + json_list(t.deciding) + "}";
    }
    timeline += "]";
    return "{\"level\":" + level_text(level_) + ",\"colour\":" +
           json_text(domain::warning_colour(level_)) + ",\"warning\":" + warning_json() +
           ",\"inputs\":" + inputs_json(now) + ",\"assessment\":" + assessment_json(last_) +
           ",\"lowering_at\":" +
           json_time(lower_since_ms_ ? lower_since_ms_ + settings_.hold_ms : 0) +
           ",\"profile\":" + profile_json(settings_.profile, level_) +
           ",\"cases\":{\"reported\":" + std::to_string(reported_) +
           ",\"closed\":" + std::to_string(closed_) +
           ",\"in_window\":" + std::to_string(board_.reports()) + "},\"timeline\":" + timeline +
           "}";
  }

  scenario_reply post_warning(const scenario_request& req, scenario_context& ctx) {
    if (req.role != "operator" && req.role != "supervisor" && req.role != "admin")
      return scenario_reply::fail(
          forbidden("weather warnings are entered by operators, supervisors and admins"));
    auto parsed = parse_params(req.body);
    if (!parsed) return scenario_reply::fail(parsed.error());
    auto& in = *parsed;
    auto signal = in.string("signal", true, 16);
    auto source = in.string("source", false, 200);
    auto text = in.string("text", false, 4000);
    auto issued = read_time(in, "issued");
    in.reject_unknown({"signal", "source", "text", "issued"});
    if (in.error()) return scenario_reply::fail(param_error(*in.error()));
    const auto level = domain::parse_warning_signal(*signal);
    if (!level)
      return scenario_reply::fail(domain::field_error(
          domain::error_code::invalid_field, "signal",
          "'signal' must be blue, yellow, orange, red or lifted, not '" + *signal + "'"));
    warning_ = warning_state{*level, *signal, source.value_or(""), text.value_or(""),
                             issued.value_or(0), ctx.now_ms(), req.caller};
    const auto detail = "{\"stage\":\"预警\",\"warning\":" + warning_json() + "}";
    ctx.record("warning", detail);
    ctx.publish("warning", detail, node_);
    evaluate(ctx);
    return scenario_reply::json(200, status_json(ctx));
  }

  scenario_reply get_roads(const scenario_request& req, scenario_context& ctx) {
    auto limit = roads_default;
    if (const auto it = req.query.find("limit"); it != req.query.end()) {
      limit = 0;
      const bool digits = !it->second.empty() && it->second.size() <= 3 &&
                          std::all_of(it->second.begin(), it->second.end(),
                                      [](char c) { return c >= '0' && c <= '9'; });
      if (digits) limit = std::stoll(it->second);
      if (limit < 1 || limit > roads_max)
        return scenario_reply::fail(domain::field_error(domain::error_code::invalid_field,
                                                        "limit",
                                                        "'limit' must be within 1..100"));
    }
    const auto now = ctx.now_ms();
    board_.expire(now);
    return scenario_reply::json(
        200, "{\"level\":" + level_text(level_) + ",\"window_minutes\":" +
                 std::to_string(settings_.window_ms / 60000) + ",\"hot_spot_reports\":" +
                 std::to_string(settings_.hot_spot_reports) + ",\"hot_spots\":" +
                 std::to_string(board_.hot_spots(now)) + ",\"roads\":" +
                 roads_json(board_.ranking(now, static_cast<std::size_t>(limit)), ctx.city()) +
                 "}");
  }

  // After a restart: the level, the warning and the tally as the journal left them.
  void restore(const std::vector<domain::scenario_event>& journal) {
    for (const auto& e : journal) {
      auto parsed = parse_params(e.detail);
      if (!parsed) continue;
      auto& in = *parsed;
      if (e.kind == "level") {
        const auto to = domain::parse_snow_level(in.string("to").value_or(""));
        const auto from = domain::parse_snow_level(in.string("from").value_or(""));
        level_change change{e.at_ms, from.value_or(snow_level::none), to.value_or(snow_level::none),
                            in.string_array("deciding")};
        level_ = change.to;
        timeline_.push_back(std::move(change));
      } else if (e.kind == "warning") {
        auto w = in.object("warning");
        warning_.signal = w.string("signal").value_or("");
        warning_.level =
            domain::parse_warning_signal(warning_.signal).value_or(snow_level::none);
        warning_.source = w.string("source").value_or("");
        warning_.text = w.string("text").value_or("");
        warning_.issued_ms = domain::parse_iso8601(w.string("issued").value_or("")).value_or(0);
        warning_.at_ms = e.at_ms;
        warning_.by = w.string("by").value_or("");
      } else if (e.kind == "feedback") {
        reported_ = static_cast<std::uint64_t>(in.integer("reported").value_or(0));
        closed_ = static_cast<std::uint64_t>(in.integer("closed").value_or(0));
      }
    }
    if (timeline_.size() > timeline_kept)
      timeline_.erase(timeline_.begin(), timeline_.end() - timeline_kept);
  }

  snow_settings settings_;
  std::vector<std::string> watched_;
  std::string node_;
  domain::snow_road_board board_{3 * 3600 * 1000LL, 3};
  snow_level level_ = snow_level::none;
  domain::snow_assessment last_;
  std::int64_t lower_since_ms_ = 0;
  std::int64_t lower_timer_ms_ = 0;
  warning_state warning_;
  std::optional<domain::indicator_sample> snowfall_;
  std::optional<domain::indicator_sample> temperature_;
  std::uint64_t reported_ = 0;
  std::uint64_t closed_ = 0;
  std::vector<level_change> timeline_;
};

}  // namespace

scenario_description snow_response_description() {
  return {"snow_response", "降雪分级应急响应",
          "Graded snow response IV → I from the weather warning (POST …/warnings), the snowfall "
          "and temperature samples and the hotline's hot spots; each level shortens the SLA "
          "limits of the road and icing categories, makes them urgent and stations departments "
          "as its profile says, for new and open cases; GET …/roads ranks the roads to clear "
          "first. The loop 监测 → 预警 → 研判 → 处置 → 反馈 is on the feed and in the daily report.",
          snow_parameters()};
}

std::unique_ptr<scenario> make_snow_response() { return std::make_unique<snow_response>(); }

}  // namespace cityops::scenarios
