#include "tools/kpi/kpi_reference.hpp"

namespace cityops::kpi_tools {
namespace {

using domain::case_status;
using domain::event_type;
using domain::kpi_field;

constexpr std::int64_t day_ms = 86'400'000;
constexpr std::int64_t utc8_ms = 8 * 3'600'000;

// One case as its events leave it, only what the KPI definitions ask about.
struct running_case {
  std::vector<std::string> path;  // city → … → report node
  std::int64_t reported_at = 0;
  std::string category;
  std::int64_t deadline = 0;      // 0: none
  std::string holder;             // the department that has the case (dispatch → close)
  std::int64_t last_dispatch = 0;
  case_status status = case_status::reported;
  bool overdue = false;
  bool urgent = false;            // reported urgent or made urgent since
};

class adder {
 public:
  adder(kpi_table& rows, const running_case& c, std::int64_t day) : rows_(rows), c_(c), day_(day) {}
  // To every node of the location path (the city, district, street, community).
  void nodes(std::uint32_t field, std::int64_t n = 1) {
    for (const auto& node : c_.path) rows_["node:" + node][day_].add(field, n);
  }
  void nodes(kpi_field f, std::int64_t n = 1) { nodes(domain::id_of(f), n); }
  // To the nodes and to `department` (when there is one).
  void both(kpi_field f, const std::string& department, std::int64_t n = 1) {
    both(domain::id_of(f), department, n);
  }
  void both(std::uint32_t field, const std::string& department, std::int64_t n = 1) {
    nodes(field, n);
    if (!department.empty()) rows_["department:" + department][day_].add(field, n);
  }

 private:
  kpi_table& rows_;
  const running_case& c_;
  std::int64_t day_;
};

bool is_open_status(case_status s) {
  return s != case_status::rejected && s != case_status::closed &&
         s != case_status::followed_up && s != case_status::merged;
}

// The moves of one event (docs/kpi.md "Counts"), before the running state takes it in.
void count(kpi_table& rows, running_case& c, const domain::case_event& e) {
  adder add(rows, c, local_day(e.at_ms));
  if (c.category.empty() && !e.category.empty()) {
    if (const auto field = domain::category_field(e.category)) add.nodes(field);
  }
  switch (e.type) {
    case event_type::reported:
      add.nodes(kpi_field::reported);
      add.nodes(domain::source_base + static_cast<std::uint32_t>(e.report.source));
      if (e.report.priority == domain::case_priority::urgent) add.nodes(kpi_field::urgent);
      break;
    case event_type::adjusted:
      if (e.priority == domain::case_priority::urgent) add.nodes(kpi_field::urgent);
      break;
    case event_type::accepted: add.nodes(kpi_field::accepted); break;
    case event_type::rejected: add.nodes(kpi_field::rejected); break;
    case event_type::dispatched:
    case event_type::transferred: add.both(kpi_field::dispatched, e.department); break;
    case event_type::returned: add.both(kpi_field::returned, c.holder); break;
    case event_type::handled: {
      add.both(kpi_field::handled, c.holder);
      const std::int64_t from_report = e.at_ms > c.reported_at ? e.at_ms - c.reported_at : 0;
      add.both(kpi_field::report_to_handled_ms, c.holder, from_report);
      add.both(domain::report_hist_base + domain::duration_bucket(from_report), c.holder);
      if (c.last_dispatch != 0) {
        const std::int64_t from_dispatch =
            e.at_ms > c.last_dispatch ? e.at_ms - c.last_dispatch : 0;
        add.both(kpi_field::dispatch_to_handled_ms, c.holder, from_dispatch);
        add.both(kpi_field::dispatch_to_handled_n, c.holder);
        add.both(domain::dispatch_hist_base + domain::duration_bucket(from_dispatch), c.holder);
      }
      break;
    }
    case event_type::inspected:
      if (!e.passed) add.both(kpi_field::reworked, c.holder);
      break;
    case event_type::closed: {
      const bool in_time = c.deadline == 0 || e.at_ms <= c.deadline;
      add.both(kpi_field::closed, c.holder);
      if (in_time) add.both(kpi_field::closed_on_time, c.holder);
      if (c.urgent) add.both(kpi_field::urgent_closed, c.holder);
      if (c.urgent && in_time) add.both(kpi_field::urgent_closed_on_time, c.holder);
      break;
    }
    case event_type::overdue:
      add.both(kpi_field::went_overdue, c.holder);
      if (c.urgent) add.both(kpi_field::urgent_went_overdue, c.holder);
      break;
    case event_type::extended: add.both(kpi_field::extended, c.holder); break;
    case event_type::supervised: add.both(kpi_field::supervised, c.holder); break;
    case event_type::escalated:
      add.nodes(kpi_field::escalated);
      if (e.ring == domain::ring::large) add.nodes(kpi_field::escalated_to_city);
      break;
    case event_type::reopened: add.both(kpi_field::reopened, c.holder); break;
    case event_type::merged: add.nodes(kpi_field::merged); break;
    case event_type::followed_up:
      if (e.satisfaction < 1) break;
      add.both(kpi_field::followed_up, c.holder);
      add.both(kpi_field::satisfaction_sum, c.holder, e.satisfaction);
      if (e.satisfaction >= 4) add.both(kpi_field::satisfied, c.holder);
      break;
    default: break;
  }
}

// The running state after the event.
void take(running_case& c, const domain::case_event& e) {
  if (e.type != event_type::reported && !e.category.empty() && e.deadline_ms != 0 &&
      e.deadline_ms > e.at_ms)
    c.overdue = false;  // a reclassification moved the deadline past now
  if (!e.category.empty()) c.category = e.category;
  if (e.deadline_ms != 0) c.deadline = e.deadline_ms;
  c.status = e.status;
  if (e.type == event_type::reported) c.urgent = e.report.priority == domain::case_priority::urgent;
  if (e.priority) c.urgent = *e.priority == domain::case_priority::urgent;
  switch (e.type) {
    case event_type::dispatched:
    case event_type::transferred:
      c.holder = e.department;
      c.last_dispatch = e.at_ms;
      break;
    case event_type::returned:
    case event_type::escalated:
    case event_type::reopened:
      c.holder.clear();
      break;
    default: break;
  }
  if (e.type == event_type::overdue) c.overdue = true;
  if (e.type == event_type::extended || e.type == event_type::reopened) c.overdue = false;
}

}  // namespace

std::int64_t local_day(std::int64_t unix_ms) {
  const std::int64_t t = unix_ms + utc8_ms;
  return t >= 0 ? t / day_ms : -((-t + day_ms - 1) / day_ms);
}

void kpi_reference::add_case(const std::vector<domain::case_event>& history) {
  if (history.empty()) return;
  ++cases_;
  events_ += history.size();
  running_case c;
  for (const auto& e : history) {
    if (e.type == event_type::reported) {  // where and when: counted from the report on
      c.path = e.location_path;
      c.reported_at = e.at_ms;
    }
    count(rows_, c, e);
    take(c, e);
  }
  // Now: open in every node of its location; waiting on its department while dispatched or
  // in progress there.
  if (!is_open_status(c.status)) return;
  adder now(rows_, c, gauges_day);
  const bool with_department =
      c.status == case_status::dispatched || c.status == case_status::in_progress;
  const std::string none;
  now.both(kpi_field::open_now, with_department ? c.holder : none);
  if (c.overdue) now.both(kpi_field::overdue_now, with_department ? c.holder : none);
}

kpi_table kpi_reference::table() const {
  kpi_table out;
  for (const auto& [scope, days] : rows_)
    for (const auto& [day, counters] : days)
      if (!counters.empty()) out[scope][day] = counters;
  return out;
}

}  // namespace cityops::kpi_tools
