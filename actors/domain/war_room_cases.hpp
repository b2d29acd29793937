#pragma once
// What the festival war room's board shows of its cases (actors/scenarios/war_room.hpp):
// every case of its area that is open, or was reported since the window opened, as the
// latest committed state says. Fed with case snapshots from the committed stream and from
// store listings at (re)activation, in any order: a snapshot older than the one held (lower
// version) is ignored, so a listing read before a commit cannot undo it. Pure: no actors.
//
// The on-site queue is flat: every open case of the area in one order —
//   urgent first, then overdue, then the earliest deadline (none last), then the oldest
//   report, then the case id —
// so the desk and the stationed teams work the most pressing case next whoever holds it.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/domain/case_record.hpp"

namespace cityops::domain {

struct war_room_case {
  std::string id;
  std::string category;
  std::string node;
  std::string department;
  case_status status = case_status::reported;
  case_priority priority = case_priority::normal;
  std::int64_t created_ms = 0;
  std::int64_t deadline_ms = 0;
  bool overdue = false;
  std::uint32_t version = 0;
};

war_room_case war_room_case_of(const case_record& r);

// The on-site queue's order (above): true when `a` is worked before `b`.
bool queue_before(const war_room_case& a, const war_room_case& b);

struct war_room_case_counts {
  std::uint64_t received = 0;   // reported in the area since the window opened
  std::uint64_t open = 0;       // open now (also those reported before the window)
  std::uint64_t done = 0;       // received and no longer open
  std::uint64_t overdue = 0;    // open and past their deadline
  std::uint64_t last_hour = 0;  // received within the last hour
};

// A stationed department's share of the open cases.
struct war_room_team_load {
  std::uint64_t assigned = 0;  // dispatched to it, not started
  std::uint64_t working = 0;   // in progress
  std::uint64_t handled = 0;   // handled by it and no longer waiting on it
};

class war_room_cases {
 public:
  explicit war_room_cases(std::int64_t window_start_ms = 0) : start_ms_(window_start_ms) {}

  // Takes a case's state unless an equal or newer one is held; a case reported before the
  // window that is not open is not followed. True when the board changed.
  bool observe(const case_record& r);

  const war_room_case* find(const std::string& id) const;
  std::size_t size() const { return cases_.size(); }
  war_room_case_counts count(std::int64_t now_ms) const;
  // The open cases in queue order, at most `limit`.
  std::vector<const war_room_case*> queue(std::size_t limit) const;
  war_room_team_load load_of(const std::string& department) const;
  // Cases received within the last hour by category ("" unclassified).
  std::map<std::string, std::uint64_t> last_hour_by_category(std::int64_t now_ms) const;

 private:
  bool received(const war_room_case& c) const { return c.created_ms >= start_ms_; }
  bool in_last_hour(const war_room_case& c, std::int64_t now_ms) const;

  std::int64_t start_ms_ = 0;
  std::unordered_map<std::string, war_room_case> cases_;
};

}  // namespace cityops::domain
