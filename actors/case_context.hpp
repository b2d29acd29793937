#pragma once
// What every case actor shares: the city model, the SLA calendar and state machine, the wall
// clock, the store actor and the board of the active scenarios' rules. Built once by the
// runtime; immutable afterwards (the board swaps its snapshots atomically), so it is shared
// by const pointer across actors and threads.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <caf/actor.hpp>

#include "actors/domain/case_machine.hpp"
#include "actors/domain/sensitive_matcher.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "actors/domain/text_classifier.hpp"
#include "actors/scenario_rules_board.hpp"
#include "config/intake_settings.hpp"
#include "actors/wall_clock.hpp"
#include "config/city_model.hpp"

namespace cityops {

// A failpoint: called by a case actor before it decides a client's action. Tests make a
// poison message with it (a throw kills the actor as a bug would); empty in the service.
using action_failpoint =
    std::function<void(const std::string& case_id, const domain::action_request& request)>;

// What intake consults on a new report (intake_triage.hpp). Every part is optional: without
// a classifier reports are not classified, without settings nothing is triaged, without the
// insight actor there is no duplicate check and no caller history, without the sensitive-word
// matcher no report is marked for the risk watch.
struct intake_services {
  std::shared_ptr<const domain::text_classifier> classifier;
  const config::intake_settings* settings = nullptr;  // must outlive the actors
  caf::actor insight;                                 // case_insight_actor.hpp
  std::shared_ptr<const domain::sensitive_matcher> sensitive_words;  // the risk lexicon
};

struct case_context {
  // `city` and `clock` must outlive every actor that holds the context.
  case_context(const config::city_model& city_model, const wall_clock& wall, caf::actor store_actor,
               std::chrono::milliseconds idle, action_failpoint failpoint = {},
               intake_services intake_services = {}, scenario_rules_board_ptr rules_board = {})
      : city(city_model),
        calendar(city_model.calendar()),
        machine(city_model, calendar),
        clock(wall),
        store(std::move(store_actor)),
        idle_timeout(idle),
        before_action(std::move(failpoint)),
        intake(std::move(intake_services)),
        rules(rules_board ? std::move(rules_board) : std::make_shared<scenario_rules_board>()) {}
  case_context(const case_context&) = delete;
  case_context& operator=(const case_context&) = delete;

  const config::city_model& city;
  const domain::sla_calendar calendar;
  const domain::case_machine machine;
  const wall_clock& clock;
  const caf::actor store;
  const std::chrono::milliseconds idle_timeout;  // passivate after this long without messages
  const action_failpoint before_action;
  const intake_services intake;
  // The active scenarios' overlay (actors/scenario_rules_board.hpp): load once per decision.
  const scenario_rules_board_ptr rules;
};

using case_context_ptr = std::shared_ptr<const case_context>;

}  // namespace cityops
