#include "actors/scenarios/exam_quiet.hpp"

#include <algorithm>
#include <deque>
#include <set>

#include "actors/domain/iso_time.hpp"

namespace cityops::scenarios {
namespace {

constexpr std::size_t recent_kept = 20;

bool mentions_noise(const config::category& c) {
  return c.name.find("噪") != std::string::npos;
}

class exam_quiet final : public scenario {
 public:
  std::optional<domain::domain_error> configure(param_reader& in,
                                                const scenario_setup& setup) override {
    const auto& city = setup.city;
    auto area = read_area(in, "area", city);
    categories_ = read_categories(in, "categories", city);
    const bool named = in.has("categories");
    auto sla = read_sla_limit(in, "sla", false);
    auto urgent = in.boolean("urgent");
    auto until = read_time(in, "until");
    auto centre = read_node(in, "centre", city, false);
    departments_ = read_departments(in, "departments", city);
    in.reject_unknown({"area", "categories", "sla", "urgent", "until", "centre", "departments"});
    if (in.error()) return param_error(*in.error());
    // A period already over is refused; restored after a restart, it ends at once instead.
    if (until && *until <= setup.now_ms && !setup.restoring)
      return domain::field_error(domain::error_code::invalid_field, "until",
                                 "'until' must lie in the future");
    if (!named)
      for (const auto& c : city.categories())
        if (mentions_noise(c)) categories_.push_back(c.code);
    if (categories_.empty())
      return domain::field_error(domain::error_code::missing_field, "categories",
                                 "the city has no noise category: name them in 'categories'");
    if (!departments_.empty() && !centre)
      return domain::field_error(domain::error_code::missing_field, "centre",
                                 "'departments' are stationed at a 'centre': name it");
    centre_ = centre.value_or("");
    area_ = std::move(*area);
    sla_ = sla.value_or(config::sla_limit{2, config::sla_unit::hours});
    urgent_ = urgent.value_or(true);
    until_ms_ = until.value_or(0);
    return std::nullopt;
  }

  void activate(scenario_context& ctx) override {
    domain::scenario_rule_set rules;
    if (!centre_.empty())
      rules.routing.push_back(
          domain::routing_override{area_, categories_, centre_, departments_, true});
    for (const auto& c : categories_) {
      rules.sla.push_back(domain::sla_override{c, sla_, area_});
      if (urgent_) rules.priority.push_back(domain::priority_override{c, domain::case_priority::urgent, area_});
    }
    ctx.set_rules(std::move(rules));
    // Complaints already open in the area: the shorter deadline and the priority now. A
    // restart restores the rules only: those cases were adjusted when it began.
    if (!ctx.restoring()) ctx.adjust_open_cases(area_);
    if (until_ms_ != 0)
      ctx.schedule(std::chrono::milliseconds(std::max<std::int64_t>(0, until_ms_ - ctx.now_ms())),
                   "end");
  }

  void on_committed(const committed_batch& batch, scenario_context&) override {
    for (const auto& c : batch.commits) {
      if (c.previous.version != 0) continue;  // new cases only
      const auto& r = c.snapshot;
      if (!is_noise(r.category)) continue;
      if (!domain::scenario_rules::contains(area_, domain::place_of(r))) continue;
      ++complaints_;
      recent_.push_back(r.id);
      if (recent_.size() > recent_kept) recent_.pop_front();
    }
  }

  void on_timer(const std::string& tag, scenario_context& ctx) override {
    if (tag == "end") ctx.deactivate_self("考试静音期结束");
  }

  scenario_reply on_request(const scenario_request& req, scenario_context& ctx) override {
    if (req.method != "GET" || req.path != "status") return scenario::on_request(req, ctx);
    std::string body = "{\"categories\":[";
    for (std::size_t i = 0; i < categories_.size(); ++i)
      body += (i ? ",\"" : "\"") + categories_[i] + "\"";
    body += "],\"sla\":{\"limit\":" + std::to_string(sla_.limit) + ",\"unit\":\"" +
            std::string(config::to_string(sla_.unit)) + "\"},\"urgent\":" +
            (urgent_ ? "true" : "false") + ",\"until\":" +
            (until_ms_ ? "\"" + domain::format_iso8601(until_ms_) + "\"" : std::string("null")) +
            ",\"complaints\":" + std::to_string(complaints_) + ",\"recent\":[";
    for (std::size_t i = 0; i < recent_.size(); ++i)
      body += (i ? ",\"" : "\"") + recent_[i] + "\"";
    body += "]}";
    return scenario_reply::json(200, std::move(body));
  }

  void deactivate(scenario_context& ctx) override {
    ctx.record("tally", "{\"complaints\":" + std::to_string(complaints_) + "}");
    // Complaints still waiting at the quiet-period centre go back to their own centres
    // (after the rules are withdrawn); those being worked on stay with their department.
    if (!centre_.empty()) ctx.adjust_open_cases(area_);
  }

 private:
  bool is_noise(const std::string& category) const {
    return std::any_of(categories_.begin(), categories_.end(), [&](const std::string& c) {
      return c == category || (c.size() == 2 && category.compare(0, 2, c) == 0);
    });
  }

  domain::scenario_area area_;
  std::vector<std::string> categories_;
  std::string centre_;
  std::vector<std::string> departments_;
  config::sla_limit sla_;
  bool urgent_ = true;
  std::int64_t until_ms_ = 0;
  std::uint64_t complaints_ = 0;
  std::deque<std::string> recent_;
};

}  // namespace

scenario_description exam_quiet_description() {
  return {"exam_quiet",
          "考试静音期",
          "During exams, noise complaints in an area around the venues are urgent and get a "
          "short SLA limit, optionally taken by a designated centre with departments on duty "
          "there; open ones are adjusted at once; the period may end by itself.",
          {{"area", "area", true, "{\"node\": id} or {\"polygon\": [{\"lat\", \"lon\"}, …]}"},
           {"categories", "categories", false,
            "noise categories (minor or major codes); default: the city's categories about 噪"},
           {"sla", "sla_limit", false, "{\"limit\", \"unit\"}; default 2 hours"},
           {"urgent", "boolean", false, "the complaints are urgent (default true)"},
           {"until", "time", false, "ISO 8601: the period ends by itself then"},
           {"centre", "string", false,
            "a node whose centre takes the area's noise complaints during the period"},
           {"departments", "departments", false,
            "departments stationed at that centre: they are dispatched the complaints at once"}}};
}

std::unique_ptr<scenario> make_exam_quiet() { return std::make_unique<exam_quiet>(); }

}  // namespace cityops::scenarios
