#pragma once
// 战时 — the festival war room. For a festival (a concert, a fair, a marathon) the centre
// stations staff of the departments concerned on site and flattens the hierarchy: for the
// time window, every case of the festival area skips the rings and goes to one flat on-site
// queue at the war-room node, where the stationed departments are dispatched at once, with
// a short SLA limit. The war room also dispatches its resources (shuttle buses with their
// capacity) and counts their runs and the people they moved. docs/war-room.md describes it
// for operators; parameters and request bodies: war_room_params.hpp.
//
// While its window is open: one routing rule (the area → the centre, dispatched at once
// among the stationed departments) and the profile's SLA limit for every category in the
// area; open cases of the area are moved in when the window opens (adjust_open_cases).
// Its own resources, under /api/v1/scenarios/war_room/:
//   GET  board                     the board: cases (open, received, done, overdue, the
//                                  last hour's intake), the on-site queue in order, teams
//                                  with their load, resources with runs and people moved
//   GET  resources                 every resource and its state
//   GET  resources/{id}            one, with its latest runs
//   GET  resources/{id}/runs       its runs, newest first (?limit=, default 50)
//   POST resources/{id}/dispatch   sends it out (409 while out)
//   POST resources/{id}/release    brings it back without a run
//   POST resources/{id}/runs       records a run with the people moved (201; a repeated
//                                  `ref` answers the run recorded before with 200)
// for supervisors, admins, operators of the war-room node or above and staff of the
// stationed departments. Every change is journaled (durable before the answer) and rebuilt
// from the journal after a restart; the board's cases are rebuilt from the store (open
// cases of the area, cases reported since the window opened) and kept current from the
// committed stream. The feed carries `board` (a summary, at most once a second), `dispatch`,
// `release` and `run` notices for the war-room node.
//
// At `until` (or when deactivated) the tally is journaled and the area's open cases return
// to normal routing: those waiting at the war room go back to their own centres, those
// dispatched there are recalled and dispatched again normally; cases already being worked
// on stay with their team; deadlines given stand.

#include <memory>

#include "actors/scenario.hpp"

namespace cityops::scenarios {

scenario_description war_room_description();
std::unique_ptr<scenario> make_war_room();

}  // namespace cityops::scenarios
