#pragma once
// The gateway's only door into the actor system. Calls return at once; the callback runs
// later on a CAF worker thread with the actor's answer (or a timeout error), so an io
// thread never blocks on an actor. Callbacks must be cheap: post work back to the
// connection (a gateway responder does exactly that).
//
// Thread-safe: any thread may call any member. Destroying the bridge stops its actor;
// callbacks of requests still in flight then never run.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/case_machine.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/indicator_protocol.hpp"
#include "actors/insight_protocol.hpp"
#include "actors/intake_protocol.hpp"
#include "actors/kpi_protocol.hpp"
#include "actors/letter_protocol.hpp"
#include "actors/report_protocol.hpp"
#include "actors/oversight_protocol.hpp"
#include "actors/protocol.hpp"
#include "actors/scenario_protocol.hpp"

namespace cityops::gateway {

class actor_bridge {
 public:
  using case_callback = std::function<void(domain::result<domain::case_record>)>;
  using queue_callback = std::function<void(domain::result<queue_view>)>;
  using list_callback = std::function<void(domain::result<case_list>)>;
  using outcome_callback = std::function<void(domain::result<report_outcome>)>;

  // `directory` answers case requests, `network` queue views, `store` case listings
  // (protocol.hpp).
  actor_bridge(caf::actor_system& system, caf::actor directory, caf::actor network,
               caf::actor store, std::chrono::milliseconds timeout);
  ~actor_bridge();
  actor_bridge(const actor_bridge&) = delete;
  actor_bridge& operator=(const actor_bridge&) = delete;

  // Reports go to the intake shards as fire-and-forget tickets once attached (no request,
  // no per-report timer: the shard's sweep answers `timeout`); before that, to the directory.
  void report(domain::new_case report, case_callback done);
  // A report with an Idempotency-Key: the first request creates the case, later ones with
  // the same key get it back as a replay (or conflict for a different body).
  void report(domain::new_case report, idempotency_key key, outcome_callback done);
  void act(std::string case_id, domain::action_request request, case_callback done);
  // The same, refused with `forbidden` by the case actor when the case is outside `scope`.
  void act(std::string case_id, domain::action_request request, access_scope scope,
           case_callback done);
  void fetch(std::string case_id, case_callback done);
  // A department's staff moving one of its cases (the department checks it is its own).
  void department_act(std::string department, std::string case_id,
                      domain::action_request request, case_callback done);
  // kind: "department" or "node".
  void queue(std::string kind, std::string id, queue_callback done);
  // One page of a filtered case listing, from the store's indexes.
  void list(case_query q, list_callback done);

  // ---- oversight: alerts and the live feed (actors/oversight_protocol.hpp) ----
  using alert_callback = std::function<void(domain::result<domain::alert>)>;
  using alert_list_callback = std::function<void(domain::result<alert_list>)>;
  // The alert board and the feed hub. Call once, before the bridge is shared between
  // threads; without it alert calls answer storage_failure and feed calls do nothing.
  void attach_oversight(caf::actor alert_board, caf::actor feed_hub);
  // One page of alerts, from the store.
  void list_alerts(alert_query q, alert_list_callback done);
  // Acknowledges / closes through the alert board (durable before the answer).
  void ack_alert(alert_ack ack, alert_callback done);
  void close_alert(alert_close req, alert_callback done);
  // Registers / removes a live feed subscriber at the hub. Fire and forget: returns at once
  // and never blocks; the subscriber's `hello` tells it when it is registered.
  void feed_subscribe(feed_subscriber subscriber);
  // Quarantined cases (poison messages), from the case directory; releasing one lets its
  // writes through again (done(false): it was not quarantined).
  using quarantine_callback =
      std::function<void(domain::result<std::vector<domain::quarantine_entry>>)>;
  void list_quarantine(quarantine_callback done);
  void release_quarantine(std::string case_id, std::function<void(domain::result<bool>)> done);
  void feed_unsubscribe(std::uint64_t id);

  // ---- 预警函 / 提醒函: the letter office (actors/letter_office.hpp) ----
  // Call once, before the bridge is shared; without it letter calls answer storage_failure.
  void attach_letters(caf::actor office);
  using letter_callback = std::function<void(domain::result<domain::risk_letter>)>;
  using letter_list_callback = std::function<void(domain::result<letter_list>)>;
  void issue_letter(letter_issue req, letter_callback done);
  void reply_letter(letter_reply req, letter_callback done);
  void get_letter(std::string id, domain::alert_scope scope, letter_callback done);
  void list_letters(letter_query q, letter_list_callback done);

  // ---- KPIs: the KPI board (runtime/kpi_board.hpp) ----
  // Call once, before the bridge is shared; without it KPI calls answer storage_failure.
  void attach_kpi(caf::actor board);
  void kpi(kpi_query q, std::function<void(domain::result<std::vector<kpi_table>>)> done);
  // The 每日信息 (runtime/daily_reporter.hpp): attach once; without it reports answer
  // storage_failure.
  void attach_reports(caf::actor reporter);
  void daily_report(std::int64_t day, std::function<void(domain::result<daily_report_doc>)> done);

  // The intake shards (runtime/intake_shard.hpp). Call once, before the bridge is shared.
  void attach_intake(std::vector<caf::actor> shards);
  // What intake would decide for `report` and what is known around it, nothing stored
  // (POST /api/v1/intake/preview): an intake shard decides the `reported` event, the insight
  // actor adds duplicates, the caller's history (with the cases of the last
  // `repeat_window_ms`) and dispatch options. Without intake shards: storage_failure.
  using preview_callback = std::function<void(domain::result<intake_preview>)>;
  void preview(domain::new_case report, std::int64_t repeat_window_ms, preview_callback done);

  // ---- intake intelligence: the case insight actor (actors/case_insight_actor.hpp) ----
  // Call once, before the bridge is shared; without it these answer storage_failure.
  void attach_insight(caf::actor insight);
  using dispatch_callback = std::function<void(domain::result<std::vector<dispatch_option>>)>;
  using similar_callback = std::function<void(domain::result<std::vector<similar_case>>)>;
  // Departments that could take `record`, best first, with their reasons.
  void dispatch_suggestions(domain::case_record record, dispatch_callback done);
  // The `k` closed cases most like `record`, with how they were resolved.
  void similar_cases(domain::case_record record, std::uint64_t k, similar_callback done);

  // ---- city vital signs: the vital-signs watch (actors/vital_signs.hpp) ----
  // Call once, before the bridge is shared; without it these answer storage_failure.
  void attach_vital_signs(caf::actor watch);
  using receipt_callback = std::function<void(domain::result<sample_receipt>)>;
  using views_callback = std::function<void(domain::result<std::vector<indicator_view>>)>;
  using view_callback = std::function<void(domain::result<indicator_view>)>;
  using history_callback = std::function<void(domain::result<domain::indicator_history>)>;
  void post_samples(sample_batch batch, receipt_callback done);
  void list_indicators(views_callback done);
  void get_indicator(std::string id, view_callback done);
  void indicator_history(history_query q, history_callback done);

  // ---- scenarios: the scenario supervisor (actors/scenario_supervisor.hpp) ----
  // Call once, before the bridge is shared; without it these answer storage_failure.
  void attach_scenarios(caf::actor supervisor);
  using scenario_callback = std::function<void(domain::result<scenario_view>)>;
  void list_scenarios(std::function<void(domain::result<std::vector<scenario_view>>)> done);
  void get_scenario(std::string name, scenario_callback done);
  void activate_scenario(scenario_call call, scenario_callback done);
  void deactivate_scenario(scenario_call call, scenario_callback done);
  void get_scenario_history(history_request q,
                            std::function<void(domain::result<scenario_history>)> done);
  // A request to an active scenario's own resources.
  void call_scenario(std::string name, scenario_request req,
                     std::function<void(domain::result<scenario_reply>)> done);

 private:
  template <class Reply, class... Ts>
  void ask(const caf::actor& target, std::function<void(domain::result<Reply>)> done, Ts... xs);

  caf::actor bridge_;
  caf::actor directory_;
  caf::actor network_;
  caf::actor store_;
  caf::actor alert_board_;
  caf::actor feed_hub_;
  caf::actor insight_;
  caf::actor letter_office_;
  caf::actor kpi_board_;
  caf::actor vital_signs_;
  caf::actor daily_reporter_;
  caf::actor scenarios_;
  std::vector<caf::actor> shards_;
  std::chrono::milliseconds timeout_;
};

}  // namespace cityops::gateway
