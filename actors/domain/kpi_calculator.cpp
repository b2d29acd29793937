#include "actors/domain/kpi_calculator.hpp"

#include <algorithm>
#include <optional>

#include <boost/container/small_vector.hpp>

#include "actors/domain/iso_time.hpp"

namespace cityops::domain {
namespace {

// Collects the counts as (scope, day) → counters.
class change_list final : public kpi_sink {
 public:
  std::uint32_t scope(kpi_scope_kind kind, std::string_view id) override {
    auto name = kind == kpi_scope_kind::node ? kpi_node_scope(id) : kpi_department_scope(id);
    const auto it = std::find(scopes_.begin(), scopes_.end(), name);
    if (it != scopes_.end()) return static_cast<std::uint32_t>(it - scopes_.begin());
    scopes_.push_back(std::move(name));
    return static_cast<std::uint32_t>(scopes_.size() - 1);
  }
  void add(std::uint32_t scope, std::int64_t day, std::uint32_t field,
           std::int64_t n) override {
    slot(scopes_[scope], day).add(field, n);
  }
  std::vector<kpi_change> take() { return std::move(out_); }

 private:
  kpi_counters& slot(const std::string& scope, std::int64_t day) {
    for (auto& c : out_)
      if (c.day == day && c.scope == scope) return c.counters;
    out_.push_back({scope, day, {}});
    return out_.back().counters;
  }
  std::vector<std::string> scopes_;
  std::vector<kpi_change> out_;
};

// Adds `what` to every node of the case's location and, when given, to the department. The
// scopes are named to the sink at the first count (many events count nothing).
class counting {
 public:
  counting(kpi_sink& out, const case_record& r, std::int64_t day, std::string_view department)
      : out_(out), r_(r), day_(day), department_name_(department) {}
  void add(std::uint32_t field, std::int64_t n = 1, bool department_too = true) {
    if (n == 0) return;
    if (!resolved_) resolve();
    for (const auto node : nodes_) out_.add(node, day_, field, n);
    if (department_too && department_) out_.add(*department_, day_, field, n);
  }
  void add(kpi_field f, std::int64_t n = 1, bool department_too = true) {
    add(id_of(f), n, department_too);
  }

 private:
  void resolve() {
    resolved_ = true;
    nodes_.reserve(r_.location_path.size());
    for (const auto& node : r_.location_path)
      nodes_.push_back(out_.scope(kpi_scope_kind::node, node));
    if (!department_name_.empty())
      department_ = out_.scope(kpi_scope_kind::department, department_name_);
  }
  kpi_sink& out_;
  const case_record& r_;
  std::int64_t day_;
  std::string_view department_name_;
  bool resolved_ = false;
  boost::container::small_vector<std::uint32_t, 6> nodes_;  // a location path is 4 deep
  std::optional<std::uint32_t> department_;
};

// The department a case is assigned to: from its dispatch until it is closed or followed up.
// Before the first dispatch (and after a return, escalation or reopen) `department` is only
// routing's proposal or empty: no department has the case.
std::string_view assigned(const case_record& r) {
  switch (r.status) {
    case case_status::dispatched:
    case case_status::in_progress:
    case case_status::handled:
    case case_status::inspected:
    case case_status::closed:
    case case_status::followed_up:
      return r.department;
    default:
      return {};
  }
}

void count_handled(const kpi_prior& prev, const case_event& e, counting& c) {
  c.add(kpi_field::handled);
  const auto from_report = std::max<std::int64_t>(0, e.at_ms - prev.created_ms);
  c.add(kpi_field::report_to_handled_ms, from_report);
  c.add(report_hist_base + duration_bucket(from_report));
  if (prev.dispatched_ms == 0) return;
  const auto from_dispatch = std::max<std::int64_t>(0, e.at_ms - prev.dispatched_ms);
  c.add(kpi_field::dispatch_to_handled_ms, from_dispatch);
  c.add(kpi_field::dispatch_to_handled_n);
  c.add(dispatch_hist_base + duration_bucket(from_dispatch));
}

}  // namespace

std::string kpi_node_scope(std::string_view node) { return "node:" + std::string(node); }
std::string kpi_department_scope(std::string_view department) {
  return "department:" + std::string(department);
}

void take_prior(const case_record& r, kpi_prior& out) {
  out.categorized = !r.category.empty();
  out.assigned.assign(assigned(r));
  out.created_ms = r.created_ms;
  out.dispatched_ms = r.dispatched_ms;
  out.deadline_ms = r.deadline_ms;
}

void count_event(const kpi_prior& prev, const case_event& e, const case_record& next,
                 kpi_sink& out) {
  const auto day = china_local_day(e.at_ms);
  // The department the move concerns: the one it is assigned to after it, else the one it
  // was assigned to (a reopen clears it). A proposal before dispatch counts for none.
  const std::string_view department =
      !assigned(next).empty() ? assigned(next) : std::string_view(prev.assigned);
  counting c(out, next, day, department);
  const bool urgent = next.report.priority == case_priority::urgent;
  if (!prev.categorized && !next.category.empty()) {
    if (const auto field = category_field(next.category)) c.add(field, 1, false);
  }
  switch (e.type) {
    case event_type::reported:
      c.add(kpi_field::reported, 1, false);
      c.add(source_base + static_cast<std::uint32_t>(e.report.source), 1, false);
      if (e.report.priority == case_priority::urgent) c.add(kpi_field::urgent, 1, false);
      break;
    case event_type::adjusted:
      if (e.priority == case_priority::urgent) c.add(kpi_field::urgent, 1, false);
      break;
    case event_type::accepted: c.add(kpi_field::accepted, 1, false); break;
    case event_type::rejected: c.add(kpi_field::rejected, 1, false); break;
    case event_type::dispatched:
    case event_type::transferred: c.add(kpi_field::dispatched); break;
    case event_type::returned: {
      counting back(out, next, day, prev.assigned);
      back.add(kpi_field::returned);
      break;
    }
    case event_type::handled: count_handled(prev, e, c); break;
    case event_type::inspected:
      if (!e.passed) c.add(kpi_field::reworked);
      break;
    case event_type::closed: {
      const bool on_time = prev.deadline_ms == 0 || e.at_ms <= prev.deadline_ms;
      c.add(kpi_field::closed);
      if (on_time) c.add(kpi_field::closed_on_time);
      if (!urgent) break;
      c.add(kpi_field::urgent_closed);
      if (on_time) c.add(kpi_field::urgent_closed_on_time);
      break;
    }
    case event_type::overdue:
      c.add(kpi_field::went_overdue);
      if (urgent) c.add(kpi_field::urgent_went_overdue);
      break;
    case event_type::extended: c.add(kpi_field::extended); break;
    case event_type::supervised: c.add(kpi_field::supervised); break;
    case event_type::escalated:
      c.add(kpi_field::escalated, 1, false);
      if (e.ring == ring::large) c.add(kpi_field::escalated_to_city, 1, false);
      break;
    case event_type::reopened: c.add(kpi_field::reopened); break;
    case event_type::merged: c.add(kpi_field::merged, 1, false); break;
    case event_type::followed_up:
      if (e.satisfaction < 1) break;
      c.add(kpi_field::followed_up);
      c.add(kpi_field::satisfaction_sum, e.satisfaction);
      if (e.satisfaction >= satisfied_score) c.add(kpi_field::satisfied);
      break;
    default: break;
  }
}

void count_gauges(const case_record& r, std::int64_t sign, kpi_sink& out) {
  if (r.version == 0 || !is_open(r.status)) return;
  const auto waiting = waiting_on(r);
  const std::string_view department =
      waiting.who == waiting_party::kind::department ? std::string_view(waiting.id)
                                                     : std::string_view();
  counting c(out, r, kpi_now_day, department);
  c.add(kpi_field::open_now, sign);
  if (r.overdue) c.add(kpi_field::overdue_now, sign);
}

void count_write(const case_record* before, const std::vector<case_event>& events,
                 const case_record& after, kpi_sink& sink) {
  kpi_prior prior;
  if (before) take_prior(*before, prior);
  if (events.size() == 1) {
    // Most writes are one event: `after` is the state it leads to, nothing is replayed.
    count_event(prior, events.front(), after, sink);
  } else if (!events.empty()) {
    // Several events: the states between them are replayed on a copy without the history
    // (the counts never read it); the last event leads to `after`.
    case_record state;
    if (before) {
      state = *before;
      state.history.clear();
    }
    for (std::size_t i = 0; i + 1 < events.size(); ++i) {
      apply(state, events[i]);
      count_event(prior, events[i], state, sink);
      take_prior(state, prior);
    }
    count_event(prior, events.back(), after, sink);
  }
  if (before) count_gauges(*before, -1, sink);
  count_gauges(after, +1, sink);
}

std::vector<kpi_change> kpi_changes(const case_record* before,
                                    const std::vector<case_event>& events,
                                    const case_record& after) {
  change_list list;
  count_write(before, events, after, list);
  auto out = list.take();
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const kpi_change& c) { return c.counters.empty(); }),
            out.end());
  return out;
}

}  // namespace cityops::domain
