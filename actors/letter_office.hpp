#pragma once
// The letter office (预警函 / 提醒函, actors/domain/risk_letter.hpp): a thin shell over the store
// actor, which numbers and keeps the letters. It stamps times from its clock, resolves the
// addressed department in the city model, and watches deadlines: it holds every unanswered
// letter in memory (loaded from the store at start) and, at start and every `interval` of its
// clock, raises through the alert board the `letter_overdue` alert of each one past its reply
// deadline (domain::overdue_alert: a deterministic id, so the board stores it once however
// often it is raised, also across restarts).
//
// With `auto_warning_level` set it also joins the alert stream and issues, by "auto", the
// 预警函 of every open alert at or above that level which concerns a department (its own, or
// the one routing gives its category at its node) and has no letter yet. It knows every
// letter's alert from the store, so neither a second publish nor a restart adds a letter;
// alerts published while it loads wait for the load.
//
// Accepts (actors/letter_protocol.hpp):
//   (letter_atom, issue_atom, letter_issue)  -> risk_letter | unknown_department (field
//                                               `department`) | not_found | forbidden |
//                                               invalid_field
//   (letter_atom, reply_atom, letter_reply)  -> risk_letter with the reply | not_found |
//                                               forbidden | conflict
//   (letter_atom, get_atom, id, alert_scope) -> risk_letter (from the store)
//   (letter_atom, list_atom, letter_query)   -> letter_list (from the store)
//   (letter_atom, queue_atom)                -> uint64: unanswered letters it holds
//   (letter_tick_atom, uint64)               -> nothing (its own timer)
//   (alert_atom, alert)                      -> nothing (the alert stream)

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/letter_protocol.hpp"
#include "actors/wall_clock.hpp"
#include "config/city_model.hpp"
#include "config/risk_settings.hpp"

namespace cityops {

struct letter_office_setup {
  config::letter_settings settings;
  std::chrono::milliseconds interval{60000};  // how often deadlines are looked at
};

struct letter_office_state {
  const config::city_model* city = nullptr;
  const wall_clock* clock = nullptr;
  caf::actor store;
  caf::actor board;
  letter_office_setup setup;
  std::unordered_map<std::string, domain::risk_letter> unanswered;  // id -> letter
  std::unordered_set<std::string> raised;  // letters whose overdue alert went to the board
  std::optional<domain::alert_level> auto_level;      // the automatic 预警函's threshold
  std::unordered_set<std::string> lettered_alerts;    // alerts that have a letter
  bool loaded = false;                                // every letter seen once
  std::vector<domain::alert> early_alerts;            // published before the load ended
  std::uint64_t tick = 0;
  static inline const char* name = "letter_office";
};

// `city` and `clock` must outlive the actor; `store` is the store actor, `board` the alert
// board.
caf::behavior letter_office(caf::stateful_actor<letter_office_state>* self,
                            const config::city_model* city, const wall_clock* clock,
                            caf::actor store, caf::actor board, letter_office_setup setup);

}  // namespace cityops
