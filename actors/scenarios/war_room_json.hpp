#pragma once
// The festival war room's JSON (war_room.hpp): the board (GET …/war_room/board, docs/
// war-room.md), its summary on the live feed, a resource with its runs, and the journal
// entries its state is rebuilt from after a restart (opened, dispatch, release, run, tally:
// encoded here and decoded back).

#include <cstdint>
#include <optional>
#include <string>

#include "actors/domain/scenario_event.hpp"
#include "actors/domain/war_room_cases.hpp"
#include "actors/domain/war_room_profile.hpp"
#include "actors/domain/war_room_resources.hpp"

namespace cityops::scenarios {

// What the board is drawn from.
struct war_room_view {
  const domain::war_room_profile& profile;
  const domain::war_room_cases& cases;
  const domain::resource_ledger& ledger;
  const config::city_model& city;
  bool open = false;  // the window has opened (rules in force)
  std::int64_t now_ms = 0;
};

std::string board_json(const war_room_view& v, std::size_t queue_limit);
std::string board_summary_json(const war_room_view& v);
std::string resource_json(const domain::resource_state& s, const domain::resource_ledger& ledger,
                          std::size_t runs_limit);
std::string run_json(const domain::resource_run& r);

// Journal entries (kind, data); a run's is its run_json.
std::string opened_entry(std::int64_t at_ms);
std::string dispatch_entry(const std::string& resource, const domain::resource_dispatch& d);
std::string release_entry(const std::string& resource, std::int64_t at_ms, const std::string& by);
std::string tally_entry(const war_room_view& v);

// Replays one journal entry of an earlier run of this activation into the ledger; the
// window's opening time for `opened` (nullopt for the others). Entries that do not parse
// are skipped (the journal is written by this code only).
std::optional<std::int64_t> replay_entry(const domain::scenario_event& e,
                                         domain::resource_ledger& ledger);

}  // namespace cityops::scenarios
