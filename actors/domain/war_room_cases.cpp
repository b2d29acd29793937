#include "actors/domain/war_room_cases.hpp"

#include <algorithm>
#include <tuple>

namespace cityops::domain {
namespace {

constexpr std::int64_t hour_ms = 3600 * 1000LL;

}  // namespace

war_room_case war_room_case_of(const case_record& r) {
  war_room_case c;
  c.id = r.id;
  c.category = r.category;
  c.node = r.node;
  c.department = r.department;
  c.status = r.status;
  c.priority = r.report.priority;
  c.created_ms = r.created_ms;
  c.deadline_ms = r.deadline_ms;
  c.overdue = r.overdue;
  c.version = r.version;
  return c;
}

bool queue_before(const war_room_case& a, const war_room_case& b) {
  const auto deadline = [](const war_room_case& c) {
    return c.deadline_ms == 0 ? INT64_MAX : c.deadline_ms;
  };
  return std::make_tuple(a.priority != case_priority::urgent, !a.overdue, deadline(a),
                         a.created_ms, a.id) <
         std::make_tuple(b.priority != case_priority::urgent, !b.overdue, deadline(b),
                         b.created_ms, b.id);
}

bool war_room_cases::observe(const case_record& r) {
  const auto it = cases_.find(r.id);
  if (it == cases_.end()) {
    if (r.created_ms < start_ms_ && !is_open(r.status)) return false;
    cases_.emplace(r.id, war_room_case_of(r));
    return true;
  }
  if (r.version <= it->second.version) return false;
  it->second = war_room_case_of(r);
  return true;
}

const war_room_case* war_room_cases::find(const std::string& id) const {
  const auto it = cases_.find(id);
  return it == cases_.end() ? nullptr : &it->second;
}

bool war_room_cases::in_last_hour(const war_room_case& c, std::int64_t now_ms) const {
  return received(c) && c.created_ms > now_ms - hour_ms && c.created_ms <= now_ms;
}

war_room_case_counts war_room_cases::count(std::int64_t now_ms) const {
  war_room_case_counts n;
  for (const auto& [id, c] : cases_) {
    const bool open = is_open(c.status);
    if (received(c)) ++n.received;
    if (open) ++n.open;
    if (!open && received(c)) ++n.done;
    if (open && (c.overdue || (c.deadline_ms != 0 && c.deadline_ms < now_ms))) ++n.overdue;
    if (in_last_hour(c, now_ms)) ++n.last_hour;
  }
  return n;
}

std::vector<const war_room_case*> war_room_cases::queue(std::size_t limit) const {
  std::vector<const war_room_case*> open;
  for (const auto& [id, c] : cases_)
    if (is_open(c.status)) open.push_back(&c);
  const auto n = std::min(limit, open.size());
  std::partial_sort(open.begin(), open.begin() + static_cast<std::ptrdiff_t>(n), open.end(),
                    [](const war_room_case* a, const war_room_case* b) { return queue_before(*a, *b); });
  open.resize(n);
  return open;
}

war_room_team_load war_room_cases::load_of(const std::string& department) const {
  war_room_team_load load;
  for (const auto& [id, c] : cases_) {
    if (c.department != department) continue;
    if (c.status == case_status::dispatched)
      ++load.assigned;
    else if (c.status == case_status::in_progress)
      ++load.working;
    else if (c.status >= case_status::handled && c.status != case_status::merged)
      ++load.handled;
  }
  return load;
}

std::map<std::string, std::uint64_t> war_room_cases::last_hour_by_category(
    std::int64_t now_ms) const {
  std::map<std::string, std::uint64_t> out;
  for (const auto& [id, c] : cases_)
    if (in_last_hour(c, now_ms)) ++out[c.category];
  return out;
}

}  // namespace cityops::domain
