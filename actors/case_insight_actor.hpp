#pragma once
// The case insight actor: holds domain::case_insight (duplicates, callers, similar cases,
// dispatch ranking) and keeps it current from the committed-event stream; nobody sees
// uncommitted state. At start it loads every stored case snapshot through the store actor,
// page by page, while the service already serves (a large store takes seconds: 1,000,000
// cases ≈ 15 s); commits that arrive meanwhile are applied after the load, and until it is
// done intake finds no duplicates and callers' histories may be short.
//
// Accepts:
//   (committed_atom, committed_batch)          -> nothing (the committed stream); when a case
//                                             closes, its linked duplicates are closed with it
//                                             through the directory (`merge` by "auto")
//   (assess_atom, case_event reported)     -> intake_assessment for a report about to be
//                                             committed (empty until the load is done)
//   (reporter_atom, hash, exclude_case)    -> reporter_summary
//   (suggest_atom, case_record)            -> std::vector<dispatch_option>, best first
//   (similar_atom, case_record, uint64 k)  -> std::vector<similar_case>, best first, with
//                                             their resolution read from the store
//   (preview_atom, case_event reported, int64 repeat_window_ms)
//                                          -> intake_preview for a report NOT to be
//                                             committed: duplicate candidates with their
//                                             verdicts, the caller's history and cases of
//                                             the last 90 days (how many within
//                                             repeat_window_ms), dispatch options; the named
//                                             cases read from the store (status, node, text).
//                                             Only the decision (insight false) until loaded
//   (queue_atom)                           -> uint64 open cases indexed, once loaded
//   (directory_atom, actor)                -> nothing: the case directory (spawned after
//                                             this actor, since case actors ask this one)

#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/domain/case_insight.hpp"
#include "actors/insight_protocol.hpp"
#include "actors/protocol.hpp"
#include "actors/wall_clock.hpp"

namespace cityops {

struct case_insight_state {
  std::unique_ptr<domain::case_insight> insight;
  const config::city_model* city = nullptr;
  const wall_clock* clock = nullptr;
  caf::actor store;
  caf::actor directory;
  bool loaded = false;
  std::vector<case_commit> deferred;                // commits that arrived while loading
  std::vector<caf::response_promise> load_waiters;  // queue_atom requests while loading
  static inline const char* name = "case_insight";
};

caf::behavior case_insight_actor(caf::stateful_actor<case_insight_state>* self,
                                 const config::city_model* city,
                                 const config::intake_settings* settings,
                                 const wall_clock* clock, caf::actor store);

}  // namespace cityops
