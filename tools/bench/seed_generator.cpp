#include "tools/bench/seed_generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/iso_time.hpp"
#include "gateway/reporter_hash.hpp"

namespace cityops::bench {
namespace {

using domain::case_action;
using domain::case_status;
constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t hour_ms = 60 * minute_ms;

bool chance(std::mt19937_64& rng, double p) {
  return std::uniform_real_distribution<double>(0, 1)(rng) < p;
}

std::int64_t between(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
  if (hi <= lo) return lo;
  return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
}

template <class T>
const T& pick(const std::vector<T>& v, std::mt19937_64& rng) {
  return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

std::size_t pick_weighted(const std::vector<double>& cumulative, std::mt19937_64& rng) {
  const double x = std::uniform_real_distribution<double>(0, cumulative.back())(rng);
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()),
                               cumulative.size() - 1);
}

// Zipf-like weights over a fixed shuffle: a few items take a large share (hot spots,
// frequent categories), every item keeps some weight.
template <class T>
std::vector<double> zipf_cumulative(std::vector<T>& items, double exponent, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::shuffle(items.begin(), items.end(), rng);
  std::vector<double> cumulative;
  cumulative.reserve(items.size());
  double sum = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    sum += 1.0 / std::pow(static_cast<double>(i + 1), exponent);
    cumulative.push_back(sum);
  }
  return cumulative;
}

const std::vector<std::string>& report_phrases() {
  static const std::vector<std::string> v{
      "，影响居民出行，请尽快处理", "，已经好几天了，希望有关部门处理", "，存在安全隐患",
      "，多次反映未解决", "，群众意见较大", "，请相关部门核实处理", "，晚上尤其严重",
      "，附近有学校，孩子们上下学不安全"};
  return v;
}

const std::vector<std::string>& handle_results() {
  static const std::vector<std::string> v{
      "已现场处置完毕", "已安排维修，恢复正常", "已清理完毕并加强巡查", "已约谈责任单位并整改到位",
      "已更换损坏设施", "已劝离并建立长效管理机制"};
  return v;
}

struct case_builder {
  const domain::case_machine& machine;
  const config::city_model& city;
  std::int64_t now_ms;
  std::mt19937_64& rng;
  domain::case_record rec;
  std::int64_t clock = 0;        // time of the last event
  std::uint32_t step_budget;     // moves left before the case stalls (stalled cases)
  bool cut = false;              // stopped: `now` reached, or stalled

  // Commits the SLA marks due up to `t`, at their due moments, as the case actor or the SLA
  // watcher would.
  void sla_until(std::int64_t t) {
    for (int guard = 0; guard < 4; ++guard) {
      const auto due = domain::next_sla_due(rec);
      if (due == 0 || due > t) return;
      bool moved = false;
      for (auto a : {case_action::remind, case_action::mark_overdue}) {
        domain::action_request q;
        q.action = a;
        q.by = "sla";
        auto ev = machine.decide(rec, q, std::max(due, clock));
        if (!ev) continue;
        commit(std::move(*ev));
        moved = true;
      }
      if (!moved) return;
    }
  }

  void commit(domain::case_event ev) {
    clock = ev.at_ms;
    domain::apply(rec, ev);
    rec.history.push_back(std::move(ev));
  }

  // One client (or centre) move at time `at`; false when the case's life ends before it.
  bool step(domain::action_request q, std::int64_t at) {
    if (cut) return false;
    at = std::max(at, clock);
    if (at > now_ms || step_budget == 0) {
      cut = true;
      return false;
    }
    sla_until(at);
    auto ev = machine.decide(rec, q, at);
    if (!ev)
      throw std::logic_error("seed: " + rec.id + ": " + std::string(domain::to_string(q.action)) +
                             " refused: " + ev.error().message);
    commit(std::move(*ev));
    --step_budget;
    return true;
  }

  domain::action_request by(case_action a, std::string who, std::string reason = {}) {
    domain::action_request q;
    q.action = a;
    q.by = std::move(who);
    q.reason = std::move(reason);
    return q;
  }
};

std::string operator_name(std::mt19937_64& rng) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "hotline:op-%03d", static_cast<int>(between(rng, 1, 120)));
  return buf;
}

std::string staff_of(const std::string& department, std::mt19937_64& rng) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "/staff-%02d", static_cast<int>(between(rng, 1, 40)));
  return department + buf;
}

std::string centre_of(const std::string& node) { return "centre:" + node; }

}  // namespace

seed_generator::seed_generator(const config::city_model& city, std::string reporter_salt,
                               seed_options o)
    : city_(city),
      calendar_(city.calendar()),
      machine_(city, calendar_),
      salt_(std::move(reporter_salt)),
      options_(o) {
  for (const auto& n : city.nodes())
    if (n.tier == config::tier::community) communities_.push_back(&n);
  for (const auto& c : city.categories()) categories_.push_back(&c);
  for (const auto& d : city.departments())
    if (d.tier == config::tier::city) city_departments_.push_back(&d);
  if (communities_.empty() || categories_.empty() || city_departments_.empty())
    throw std::invalid_argument("seed: the city needs communities, categories and a city department");
  community_weights_ = zipf_cumulative(communities_, 0.6, options_.random_seed ^ 0xC0FFEE);
  category_weights_ = zipf_cumulative(categories_, 0.9, options_.random_seed ^ 0xCA7);
}

std::int64_t seed_generator::day_start_ms(std::uint32_t index) const {
  const auto today = domain::china_local_day(options_.now_ms);
  const auto day = today - static_cast<std::int64_t>(options_.days) + 1 + index;
  return day * domain::ms_per_day - domain::china_offset_ms;
}

std::vector<std::uint64_t> seed_generator::cases_per_day(std::uint64_t total,
                                                         std::mt19937_64& rng) const {
  const std::uint32_t days = std::max<std::uint32_t>(1, options_.days);
  std::vector<double> weight(days);
  for (std::uint32_t i = 0; i < days; ++i) {
    // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
    const auto local_day = domain::china_local_day(day_start_ms(i) + domain::china_offset_ms);
    const bool weekend = ((local_day + 3) % 7) >= 5;
    weight[i] = (weekend ? 0.75 : 1.1) * std::uniform_real_distribution<double>(0.85, 1.15)(rng);
  }
  // A few storm days with a surge (the last day is today, only partly over).
  const std::uint32_t storms = std::max<std::uint32_t>(1, days / 60);
  for (std::uint32_t s = 0; s < storms && days > 1; ++s)
    weight[static_cast<std::size_t>(between(rng, 0, days - 2))] *= 3.0;
  // Today counts only the part of the day that has passed.
  const double passed = static_cast<double>(options_.now_ms - day_start_ms(days - 1)) /
                        static_cast<double>(domain::ms_per_day);
  weight[days - 1] *= std::clamp(passed, 0.02, 1.0);
  double sum = 0;
  for (double w : weight) sum += w;
  std::vector<std::uint64_t> out(days);
  std::uint64_t given = 0;
  for (std::uint32_t i = 0; i < days; ++i) {
    out[i] = static_cast<std::uint64_t>(std::floor(static_cast<double>(total) * weight[i] / sum));
    given += out[i];
  }
  for (std::uint32_t i = 0; given < total; i = (i + 1) % days, ++given) ++out[i];
  return out;
}

std::vector<std::int64_t> seed_generator::report_times(std::int64_t day_start_ms,
                                                       std::uint64_t count,
                                                       std::mt19937_64& rng) const {
  std::vector<std::int64_t> out;
  out.reserve(count);
  const std::int64_t last = std::min(day_start_ms + domain::ms_per_day - 1, options_.now_ms);
  for (std::uint64_t i = 0; i < count; ++i) {
    std::int64_t t;
    if (chance(rng, 0.9))
      t = day_start_ms + between(rng, 7 * hour_ms, 22 * hour_ms);
    else
      t = day_start_ms + between(rng, 0, domain::ms_per_day - 1);
    // Past `now` (today): fold back into the part of the day that has passed.
    if (t > last) t = day_start_ms + between(rng, 0, std::max<std::int64_t>(0, last - day_start_ms));
    out.push_back(t);
  }
  std::sort(out.begin(), out.end());
  return out;
}

domain::new_case seed_generator::make_report(const std::string& id, std::mt19937_64& rng) const {
  const auto& o = options_;
    domain::new_case report;
  static const std::vector<std::pair<domain::case_source, double>> sources{
      {domain::case_source::hotline, 55}, {domain::case_source::grid, 20},
      {domain::case_source::app, 12},     {domain::case_source::video, 6},
      {domain::case_source::iot, 4},      {domain::case_source::open311, 3}};
  {
    double x = std::uniform_real_distribution<double>(0, 100)(rng);
    report.source = sources.back().first;
    for (const auto& [s, w] : sources) {
      if (x < w) {
        report.source = s;
        break;
      }
      x -= w;
    }
  }
  const auto* where = communities_[pick_weighted(community_weights_, rng)];
  const auto* cat = categories_[pick_weighted(category_weights_, rng)];
  report.category = cat->code;
  const auto* street = city_.parent(where->id);
  const auto* district = street ? city_.parent(street->id) : nullptr;
  report.address = (district ? district->name : std::string()) +
                   (street ? street->name : std::string()) + where->name +
                   std::to_string(between(rng, 1, 300)) + "号附近";
  report.text = where->name + "附近" + cat->name + pick(report_phrases(), rng);
  if (chance(rng, o.geo_share) && where->lat != 0) {
    report.lat = where->lat + std::uniform_real_distribution<double>(-0.002, 0.002)(rng);
    report.lon = where->lon + std::uniform_real_distribution<double>(-0.002, 0.002)(rng);
  } else {
    report.node = where->id;
  }
  const bool has_phone = report.source == domain::case_source::hotline ||
                         report.source == domain::case_source::app ||
                         report.source == domain::case_source::open311;
  if (has_phone) {
    // u^3 skews towards low numbers: a few callers report again and again (一人多诉).
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    const auto caller = static_cast<std::uint64_t>(u * u * u * std::max<std::uint32_t>(1, o.reporters));
    char phone[16];
    std::snprintf(phone, sizeof phone, "139%08llu", static_cast<unsigned long long>(caller));
    report.reporter_hash = gateway::hash_phone(salt_, phone);
    if (chance(rng, 0.3)) report.reporter_name = chance(rng, 0.5) ? "王先生" : "李女士";
  }
  if (chance(rng, 0.1)) report.media.push_back("https://media.example/" + id + "/1.jpg");
  report.priority = chance(rng, o.urgent_share) ? domain::case_priority::urgent
                                                : domain::case_priority::normal;
  report.reported_by = std::string(domain::to_string(report.source));

  return report;
}

domain::case_record seed_generator::make_reported(const std::string& id, std::int64_t at_ms,
                                                  std::mt19937_64& rng) const {
  auto ev = domain::decide_report(make_report(id, rng), at_ms, city_, calendar_);
  if (!ev) throw std::logic_error("seed: report of " + id + " refused: " + ev.error().message);
  domain::case_record r;
  r.id = id;
  domain::apply(r, *ev);
  r.history.push_back(std::move(*ev));
  return r;
}

domain::case_record seed_generator::make_case(const seed_case_input& in,
                                              std::mt19937_64& rng) const {
  const auto& o = options_;
  const auto report = make_report(in.id, rng);
  auto first = domain::decide_report(report, in.report_ms, city_, calendar_);
  if (!first) throw std::logic_error("seed: report of " + in.id + " refused: " + first.error().message);

  case_builder b{machine_, city_, o.now_ms, rng, {}, 0, 1000, false};
  b.rec.id = in.id;
  b.commit(std::move(*first));
  if (chance(rng, o.stall_share)) b.step_budget = static_cast<std::uint32_t>(between(rng, 0, 7));

  const auto op = operator_name(rng);
  auto t = [&b] { return b.clock; };
  // Office delays scale with the SLA window (a 2-hour category is not left 8 hours before
  // someone starts on it): between lo and hi minutes, hi capped at `share` of the window.
  const std::int64_t window = b.rec.deadline_ms > 0 ? b.rec.deadline_ms - b.rec.created_ms
                                                    : 5 * domain::ms_per_day;
  auto delay = [&](std::int64_t lo_min, std::int64_t hi_min, double share) {
    const auto cap = static_cast<std::int64_t>(static_cast<double>(window) * share) / minute_ms;
    return between(rng, lo_min, std::clamp<std::int64_t>(cap, lo_min, hi_min)) * minute_ms;
  };

  // ---- verification: reject, verify, merge duplicates ----------------------------------
  if (chance(rng, o.reject_share)) {
    b.step(b.by(case_action::reject, op, "不属于受理范围，已告知来电人"), t() + delay(2, 40, 0.05));
    b.sla_until(o.now_ms);
    return b.rec;
  }
  if (!b.step(b.by(case_action::verify, op), t() + delay(1, 30, 0.03))) {
    b.sla_until(o.now_ms);
    return b.rec;
  }
  if (!in.merge_target.empty() && in.merge_target != in.id && chance(rng, o.merge_share)) {
    auto q = b.by(case_action::merge, op, "重复诉求，合并办理");
    q.into = in.merge_target;
    b.step(q, t() + between(rng, 1, 20) * minute_ms);
    b.sla_until(o.now_ms);
    return b.rec;
  }
  b.step(b.by(case_action::accept, op), t() + delay(1, 20, 0.02));

  // ---- dispatch: the tier centres' plans, the operator's dispatch, one return -----------
  bool returned_once = false;
  const domain::dispatch_policy policy;
  auto dispatch_until_assigned = [&] {
    for (int guard = 0; guard < 12 && !b.cut; ++guard) {
      const auto s = b.rec.status;
      if (s != case_status::accepted && s != case_status::returned && s != case_status::escalated)
        return;
      const auto plan = domain::plan_dispatch(b.rec, city_, policy);
      if (plan.what == domain::dispatch_plan::kind::escalate) {
        b.step(b.by(case_action::escalate, centre_of(b.rec.node), plan.reason),
               t() + between(rng, 0, 2) * minute_ms);
      } else if (plan.what == domain::dispatch_plan::kind::dispatch) {
        auto q = b.by(case_action::dispatch, centre_of(b.rec.node), plan.reason);
        q.department = plan.department;
        b.step(q, t() + between(rng, 0, 2) * minute_ms);
      } else {
        // Waiting for an operator: dispatch by routing, or (at the city, nothing matching)
        // to a city department the operator picks.
        auto q = b.by(case_action::dispatch, op);
        if (!city_.route(b.rec.category, b.rec.node))
          q.department = city_departments_[0]->id;
        b.step(q, t() + delay(2, 90, 0.05));
      }
    }
  };
  dispatch_until_assigned();
  if (!b.cut && b.rec.status == case_status::dispatched && chance(rng, o.return_share)) {
    b.step(b.by(case_action::return_case, staff_of(b.rec.department, rng), "不属于本单位职责范围"),
           t() + delay(10, 240, 0.1));
    returned_once = true;
    dispatch_until_assigned();
  }
  (void)returned_once;
  if (o.transfer_share > 0 && !b.cut && b.rec.status == case_status::dispatched &&
      chance(rng, o.transfer_share)) {
    const auto& to = pick(city_.departments(), rng);
    auto q = b.by(case_action::transfer, staff_of(b.rec.department, rng), "更适合由该单位办理，转派");
    q.department = to.id;
    if (to.id != b.rec.department) b.step(q, t() + delay(10, 120, 0.05));
  }

  // ---- handling ----------------------------------------------------------------------------
  // Start to close (once more after a reopen); false when the case's life ends before it is
  // handled.
  const auto handle_and_close = [&]() -> bool {
    const auto dept = b.rec.department;
    if (!b.step(b.by(case_action::start, staff_of(dept, rng)), t() + delay(5, 8 * 60, 0.15)))
      return false;
    if (chance(rng, o.extension_share) && b.rec.deadline_ms > 0) {
      auto q = b.by(case_action::extend, staff_of(dept, rng), "需协调多个部门，申请延期");
      const auto at = t() + between(rng, 1, 24) * hour_ms;
      q.until_ms = std::max(b.rec.deadline_ms, at) + between(rng, 1, 5) * domain::ms_per_day;
      if (b.step(q, at))
        b.step(b.by(case_action::approve_extension, op), t() + between(rng, 1, 6) * hour_ms);
    }
    // Handled within the window, or late (a share of cases goes overdue first).
    const bool late = chance(rng, o.late_share);
    std::int64_t handle_at;
    const auto window_left = b.rec.deadline_ms - t();
    if (b.rec.deadline_ms == 0 || window_left <= 0)
      handle_at = t() + between(rng, 1, 12) * hour_ms;
    else if (late)
      handle_at = b.rec.deadline_ms + between(rng, 1, std::max<std::int64_t>(2, window_left / hour_ms)) * hour_ms;
    else
      handle_at = t() + static_cast<std::int64_t>(static_cast<double>(window_left) *
                                                 std::uniform_real_distribution<double>(0.1, 0.7)(rng));
    if (late && chance(rng, o.supervise_share) && !b.rec.supervised) {
      const auto* district = city_.ancestor_at(b.rec.node, config::tier::district);
      auto q = b.by(case_action::supervise, district ? centre_of(district->id) : op, "超期未办结，督办");
      q.node = district ? district->id : city_.city_id;
      const auto at = std::max(t(), b.rec.deadline_ms) + between(rng, 1, 12) * hour_ms;
      if (at < handle_at) b.step(q, at);
    }
    auto q_handle = b.by(case_action::handle, staff_of(dept, rng));
    q_handle.result = pick(handle_results(), rng);
    if (!b.step(q_handle, handle_at)) return false;
    if (chance(rng, o.rework_share)) {
      auto q = b.by(case_action::inspect, op, "现场复核未整改到位，返工");
      q.passed = false;
      if (b.step(q, t() + delay(5, 24 * 60, 0.1))) {
        auto again = b.by(case_action::handle, staff_of(dept, rng));
        again.result = "返工完成，" + pick(handle_results(), rng);
        b.step(again, t() + delay(10, 48 * 60, 0.2));
      }
    }
    auto q_inspect = b.by(case_action::inspect, op);
    q_inspect.passed = true;
    b.step(q_inspect, t() + delay(5, 24 * 60, 0.1));
    b.step(b.by(case_action::close, op), t() + delay(2, 120, 0.05));
    return true;
  };
  const auto follow_up = [&] {
    if (!chance(rng, o.followup_share)) return;
    auto q = b.by(case_action::followup, op);
    static const std::vector<std::int32_t> scores{5, 5, 5, 4, 4, 3, 2, 1};
    q.satisfaction = pick(scores, rng);
    b.step(q, t() + between(rng, 1, 72) * hour_ms);
  };
  if (handle_and_close()) {
    follow_up();
    if (o.reopen_share > 0 && !b.cut && chance(rng, o.reopen_share) &&
        b.step(b.by(case_action::reopen, op, "回访不满意，重新办理"),
               t() + between(rng, 1, 48) * hour_ms)) {
      dispatch_until_assigned();
      if (handle_and_close()) follow_up();
    }
  }
  b.sla_until(o.now_ms);
  return b.rec;
}

}  // namespace cityops::bench
