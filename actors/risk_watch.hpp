#pragma once
// A risk watch (风险预警): one detector kind — sensitive words, 一人多诉, 新发高发 or 集中爆发 —
// behind a thin actor on the committed-event stream. The detector is pure domain logic
// (actors/domain/*_detector.hpp, sensitive_alert.hpp); the watch feeds it each case as
// committed and hands what it finds to the alert board, which raises an episode's alert once
// and grows it as the episode goes on. Nobody here sees uncommitted state.
//
// What a detector sees: a case when its first commit is durable (its report), or — for a
// detector that needs a category — when the case is first classified, if it came in without
// one.
//
// Start: a detector whose windows reach back (`replay_span_ms` > 0) is rebuilt from the store:
// the watch pages through the cases reported since now − span (the store's creation-time
// listing, oldest first), feeds them to the detector and discards what it returns, then
// raises the episodes still running (`active`). A detector learns how long it has watched
// from the first case it is fed (新发 needs 30 days of watching: a fresh store does not
// flood). Episode ids are functions of the cases alone,
// and the board's raise is insert-if-absent, so a restart neither forgets a window nor fires
// an episode twice. Commits that arrive meanwhile wait; those of cases the replay already
// fed are not fed again.
//
// Accepts:
//   (committed_atom, committed_batch) -> nothing (the committed stream)
//   (queue_atom)                      -> uint64 cases fed to the detector since start,
//                                        once the replay is done (tests, diagnostics)
// Sends:
//   store actor  (query_atom, case_query{from_ms, cursor}) -> case_list (the replay)
//   alert board  (alert_atom, raise_atom, alert)

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/domain/alert.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/protocol.hpp"
#include "actors/wall_clock.hpp"

namespace cityops {

// One detector kind, as the watch drives it. The functions share the detector (captured).
struct risk_watch_spec {
  std::string name;                // "sensitive_words", "callers", "areas", "clusters"
  std::int64_t replay_span_ms = 0; // how far back the start replays; 0: no replay
  bool needs_category = false;     // fed once the case has a category
  // What the detector finds in a case (alerts to raise or grow).
  std::function<std::vector<domain::alert>(const domain::case_record&)> observe;
  // The episodes still running at now_ms; may be empty (nothing outlives one case).
  std::function<std::vector<domain::alert>(std::int64_t now_ms)> active;
};

struct risk_watch_state {
  risk_watch_spec spec;
  const wall_clock* clock = nullptr;
  caf::actor store;
  caf::actor board;
  bool loaded = false;
  std::int64_t load_started_ms = 0;
  std::unordered_set<std::string> replayed_recent;  // replayed cases reported after the start
  std::vector<case_commit> deferred;                // commits that came during the replay
  std::vector<caf::response_promise> load_waiters;  // queue_atom requests during the replay
  std::uint64_t fed = 0;
  static inline const char* name = "risk_watch";
};

// `clock` must outlive the actor.
caf::behavior risk_watch(caf::stateful_actor<risk_watch_state>* self, risk_watch_spec spec,
                         const wall_clock* clock, caf::actor store, caf::actor board);

}  // namespace cityops
