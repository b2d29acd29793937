#include "gateway/actor_bridge.hpp"

#include <thread>

#include <caf/all.hpp>

namespace cityops::gateway {

// A unit of work the bridge actor runs in its own context: it sends one request and
// installs the continuation.
struct bridge_job {
  std::function<void(caf::event_based_actor*)> run;
};

}  // namespace cityops::gateway

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::gateway::bridge_job)

namespace cityops::gateway {
namespace {

// A class-based actor on purpose: CAF 0.17's function-based spawn with no extra arguments
// dereferences a null argument tuple (UBSan flags it in CAF's own header).
class bridge_actor : public caf::event_based_actor {
 public:
  explicit bridge_actor(caf::actor_config& cfg) : caf::event_based_actor(cfg) {}
  caf::behavior make_behavior() override {
    return {[this](bridge_job& job) { job.run(this); }};
  }
};

}  // namespace

actor_bridge::actor_bridge(caf::actor_system& system, caf::actor directory, caf::actor network,
                           caf::actor store, std::chrono::milliseconds timeout)
    : bridge_(system.spawn<bridge_actor>()),
      directory_(std::move(directory)),
      network_(std::move(network)),
      store_(std::move(store)),
      timeout_(timeout) {}

actor_bridge::~actor_bridge() { caf::anon_send_exit(bridge_, caf::exit_reason::user_shutdown); }

template <class Reply, class... Ts>
void actor_bridge::ask(const caf::actor& target, std::function<void(domain::result<Reply>)> done,
                       Ts... xs) {
  auto run = [target, done = std::move(done), timeout = timeout_,
              msg = caf::make_message(std::move(xs)...)](caf::event_based_actor* self) {
    self->request(target, timeout, msg)
        .then([done](Reply& reply) { done(std::move(reply)); },
              [done](caf::error& err) { done(to_domain_error(err)); });
  };
  caf::anon_send(bridge_, bridge_job{std::move(run)});
}

void actor_bridge::attach_intake(std::vector<caf::actor> shards) { shards_ = std::move(shards); }

void actor_bridge::report(domain::new_case report, case_callback done) {
  if (shards_.empty()) {
    ask<domain::case_record>(directory_, std::move(done), report_atom::value, std::move(report));
    return;
  }
  this->report(std::move(report), idempotency_key{},
         [done = std::move(done)](domain::result<report_outcome> r) {
           if (r.ok())
             done(std::move(r.value().record));
           else
             done(r.error());
         });
}

void actor_bridge::report(domain::new_case report, idempotency_key key, outcome_callback done) {
  if (shards_.empty()) {
    ask<report_outcome>(directory_, std::move(done), report_atom::value, std::move(report),
                        std::move(key));
    return;
  }
  // Unkeyed reports spread over the shards by a per-thread counter (no shared cache line).
  thread_local std::uint64_t spread = std::hash<std::thread::id>{}(std::this_thread::get_id());
  const auto& shard = shards_[intake_shard_for(key, shards_.size(), spread++)];
  caf::anon_send(shard, intake_ticket{std::move(report), std::move(key),
                                      std::make_shared<intake_answer>(std::move(done))});
}

void actor_bridge::act(std::string case_id, domain::action_request request, access_scope scope,
                       case_callback done) {
  ask<domain::case_record>(directory_, std::move(done), act_atom::value, std::move(case_id),
                           std::move(request), std::move(scope));
}

void actor_bridge::act(std::string case_id, domain::action_request request, case_callback done) {
  ask<domain::case_record>(directory_, std::move(done), act_atom::value, std::move(case_id),
                           std::move(request));
}

void actor_bridge::department_act(std::string department, std::string case_id,
                                  domain::action_request request, case_callback done) {
  ask<domain::case_record>(network_, std::move(done), dept_act_atom::value, std::move(department),
                           std::move(case_id), std::move(request));
}

void actor_bridge::fetch(std::string case_id, case_callback done) {
  ask<domain::case_record>(directory_, std::move(done), fetch_atom::value, std::move(case_id));
}

void actor_bridge::queue(std::string kind, std::string id, queue_callback done) {
  ask<queue_view>(network_, std::move(done), queue_atom::value, std::move(kind), std::move(id));
}

void actor_bridge::list(case_query q, list_callback done) {
  ask<case_list>(store_, std::move(done), query_atom::value, std::move(q));
}

void actor_bridge::attach_oversight(caf::actor alert_board, caf::actor feed_hub) {
  alert_board_ = std::move(alert_board);
  feed_hub_ = std::move(feed_hub);
}

void actor_bridge::attach_insight(caf::actor insight) { insight_ = std::move(insight); }

namespace {

template <class Callback>
bool without_insight(const caf::actor& insight, Callback& done) {
  if (insight) return false;
  done(domain::field_error(domain::error_code::storage_failure, "",
                           "intake intelligence is not running in this service"));
  return true;
}

}  // namespace

void actor_bridge::preview(domain::new_case report, std::int64_t repeat_window_ms,
                           preview_callback done) {
  if (shards_.empty()) {
    done(domain::field_error(domain::error_code::storage_failure, "",
                             "intake is not running in this service"));
    return;
  }
  thread_local std::uint64_t spread = std::hash<std::thread::id>{}(std::this_thread::get_id());
  ask<intake_preview>(shards_[spread++ % shards_.size()], std::move(done), preview_atom::value,
                      std::move(report), repeat_window_ms);
}

void actor_bridge::dispatch_suggestions(domain::case_record record, dispatch_callback done) {
  if (without_insight(insight_, done)) return;
  ask<std::vector<dispatch_option>>(insight_, std::move(done), suggest_atom::value,
                                    std::move(record));
}

void actor_bridge::similar_cases(domain::case_record record, std::uint64_t k,
                                 similar_callback done) {
  if (without_insight(insight_, done)) return;
  ask<std::vector<similar_case>>(insight_, std::move(done), similar_atom::value,
                                 std::move(record), k);
}

void actor_bridge::list_alerts(alert_query q, alert_list_callback done) {
  ask<alert_list>(store_, std::move(done), alert_atom::value, list_atom::value, std::move(q));
}

void actor_bridge::list_quarantine(quarantine_callback done) {
  ask<std::vector<domain::quarantine_entry>>(directory_, std::move(done), quarantine_atom::value,
                                             list_atom::value);
}

void actor_bridge::release_quarantine(std::string case_id,
                                      std::function<void(domain::result<bool>)> done) {
  ask<bool>(directory_, std::move(done), quarantine_atom::value, release_atom::value,
            std::move(case_id));
}

namespace {
template <class Callback>
bool without_alert_board(const caf::actor& board, Callback& done) {
  if (board) return false;
  done(domain::field_error(domain::error_code::storage_failure, "", "alerts are not available"));
  return true;
}
}  // namespace

void actor_bridge::ack_alert(alert_ack ack, alert_callback done) {
  if (without_alert_board(alert_board_, done)) return;
  ask<domain::alert>(alert_board_, std::move(done), alert_atom::value, ack_atom::value,
                     std::move(ack));
}

void actor_bridge::close_alert(alert_close req, alert_callback done) {
  if (without_alert_board(alert_board_, done)) return;
  ask<domain::alert>(alert_board_, std::move(done), alert_atom::value, close_atom::value,
                     std::move(req));
}

void actor_bridge::attach_letters(caf::actor office) { letter_office_ = std::move(office); }

namespace {
template <class Callback>
bool without_letters(const caf::actor& office, Callback& done) {
  if (office) return false;
  done(domain::field_error(domain::error_code::storage_failure, "", "letters are not available"));
  return true;
}
}  // namespace

void actor_bridge::issue_letter(letter_issue req, letter_callback done) {
  if (without_letters(letter_office_, done)) return;
  ask<domain::risk_letter>(letter_office_, std::move(done), letter_atom::value, issue_atom::value,
                           std::move(req));
}

void actor_bridge::reply_letter(letter_reply req, letter_callback done) {
  if (without_letters(letter_office_, done)) return;
  ask<domain::risk_letter>(letter_office_, std::move(done), letter_atom::value, reply_atom::value,
                           std::move(req));
}

void actor_bridge::get_letter(std::string id, domain::alert_scope scope, letter_callback done) {
  if (without_letters(letter_office_, done)) return;
  ask<domain::risk_letter>(letter_office_, std::move(done), letter_atom::value, get_atom::value,
                           std::move(id), std::move(scope));
}

void actor_bridge::list_letters(letter_query q, letter_list_callback done) {
  if (without_letters(letter_office_, done)) return;
  ask<letter_list>(letter_office_, std::move(done), letter_atom::value, list_atom::value,
                   std::move(q));
}

void actor_bridge::attach_kpi(caf::actor board) { kpi_board_ = std::move(board); }

void actor_bridge::kpi(kpi_query q,
                       std::function<void(domain::result<std::vector<kpi_table>>)> done) {
  if (!kpi_board_) {
    done(domain::field_error(domain::error_code::storage_failure, "", "KPIs are not available"));
    return;
  }
  ask<std::vector<kpi_table>>(kpi_board_, std::move(done), kpi_atom::value, std::move(q));
}

void actor_bridge::attach_vital_signs(caf::actor watch) { vital_signs_ = std::move(watch); }

namespace {
template <class Callback>
bool without_vital_signs(const caf::actor& watch, Callback& done) {
  if (watch) return false;
  done(domain::field_error(domain::error_code::storage_failure, "",
                           "vital signs are not available"));
  return true;
}
}  // namespace

void actor_bridge::post_samples(sample_batch batch, receipt_callback done) {
  if (without_vital_signs(vital_signs_, done)) return;
  ask<sample_receipt>(vital_signs_, std::move(done), indicator_atom::value, put_atom::value,
                      std::move(batch));
}

void actor_bridge::list_indicators(views_callback done) {
  if (without_vital_signs(vital_signs_, done)) return;
  ask<std::vector<indicator_view>>(vital_signs_, std::move(done), indicator_atom::value,
                                   list_atom::value);
}

void actor_bridge::get_indicator(std::string id, view_callback done) {
  if (without_vital_signs(vital_signs_, done)) return;
  ask<indicator_view>(vital_signs_, std::move(done), indicator_atom::value, get_atom::value,
                      std::move(id));
}

void actor_bridge::indicator_history(history_query q, history_callback done) {
  if (without_vital_signs(vital_signs_, done)) return;
  ask<domain::indicator_history>(vital_signs_, std::move(done), indicator_atom::value,
                                 history_atom::value, std::move(q));
}

void actor_bridge::attach_reports(caf::actor reporter) { daily_reporter_ = std::move(reporter); }

void actor_bridge::daily_report(std::int64_t day,
                                std::function<void(domain::result<daily_report_doc>)> done) {
  if (!daily_reporter_) {
    done(domain::field_error(domain::error_code::storage_failure, "", "reports are not available"));
    return;
  }
  ask<daily_report_doc>(daily_reporter_, std::move(done), daily_atom::value, get_atom::value,
                        day);
}

void actor_bridge::attach_scenarios(caf::actor supervisor) { scenarios_ = std::move(supervisor); }

namespace {

template <class Callback>
bool without_scenarios(const caf::actor& supervisor, Callback& done) {
  if (supervisor) return false;
  done(domain::field_error(domain::error_code::storage_failure, "", "scenarios are not available"));
  return true;
}

}  // namespace

void actor_bridge::list_scenarios(
    std::function<void(domain::result<std::vector<scenario_view>>)> done) {
  if (without_scenarios(scenarios_, done)) return;
  ask<std::vector<scenario_view>>(scenarios_, std::move(done), scenario_atom::value,
                                  list_atom::value);
}

void actor_bridge::get_scenario(std::string name, scenario_callback done) {
  if (without_scenarios(scenarios_, done)) return;
  ask<scenario_view>(scenarios_, std::move(done), scenario_atom::value, get_atom::value,
                     std::move(name));
}

void actor_bridge::activate_scenario(scenario_call call, scenario_callback done) {
  if (without_scenarios(scenarios_, done)) return;
  ask<scenario_view>(scenarios_, std::move(done), scenario_atom::value, activate_atom::value,
                     std::move(call));
}

void actor_bridge::deactivate_scenario(scenario_call call, scenario_callback done) {
  if (without_scenarios(scenarios_, done)) return;
  ask<scenario_view>(scenarios_, std::move(done), scenario_atom::value, deactivate_atom::value,
                     std::move(call));
}

void actor_bridge::get_scenario_history(
    history_request q, std::function<void(domain::result<scenario_history>)> done) {
  if (without_scenarios(scenarios_, done)) return;
  ask<scenario_history>(scenarios_, std::move(done), scenario_atom::value,
                                 history_atom::value, std::move(q));
}

void actor_bridge::call_scenario(std::string name, scenario_request req,
                                 std::function<void(domain::result<scenario_reply>)> done) {
  if (without_scenarios(scenarios_, done)) return;
  ask<scenario_reply>(scenarios_, std::move(done), scenario_atom::value, call_atom::value,
                      std::move(name), std::move(req));
}

void actor_bridge::feed_subscribe(feed_subscriber subscriber) {
  if (feed_hub_)
    caf::anon_send(feed_hub_, feed_atom::value, subscribe_atom::value, std::move(subscriber));
}

void actor_bridge::feed_unsubscribe(std::uint64_t id) {
  if (feed_hub_) caf::anon_send(feed_hub_, feed_atom::value, unsubscribe_atom::value, id);
}

}  // namespace cityops::gateway
