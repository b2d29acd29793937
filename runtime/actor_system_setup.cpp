#include "runtime/actor_system_setup.hpp"

#include <algorithm>
#include <thread>

#include <caf/all.hpp>

#include "actors/indicator_protocol.hpp"
#include "actors/oversight_protocol.hpp"
#include "actors/intake_protocol.hpp"
#include "actors/kpi_protocol.hpp"
#include "actors/letter_protocol.hpp"
#include "actors/report_protocol.hpp"
#include "actors/protocol.hpp"
#include "actors/scenario_protocol.hpp"

namespace cityops {

actor_system_setup::actor_system_setup(bool deterministic, unsigned worker_threads) {
  add_message_type<domain::report_details>("report_details");
  add_message_type<domain::case_event>("case_event");
  add_message_type<std::vector<domain::case_event>>("std::vector<case_event>");
  add_message_type<domain::case_record>("case_record");
  add_message_type<domain::action_request>("action_request");
  add_message_type<domain::new_case>("new_case");
  add_message_type<case_commit>("case_commit");
  add_message_type<committed_batch>("committed_batch");
  add_message_type<case_page>("case_page");
  add_message_type<queue_view>("queue_view");
  add_message_type<case_query>("case_query");
  add_message_type<case_list>("case_list");
  add_message_type<waiting_group>("waiting_group");
  add_message_type<std::vector<waiting_group>>("std::vector<waiting_group>");
  add_message_type<idempotency_key>("idempotency_key");
  add_message_type<report_outcome>("report_outcome");
  add_message_type<access_scope>("access_scope");
  add_message_type<domain::alert>("alert");
  add_message_type<alert_ack>("alert_ack");
  add_message_type<alert_close>("alert_close");
  add_message_type<alert_query>("alert_query");
  add_message_type<alert_list>("alert_list");
  add_message_type<domain::risk_letter>("risk_letter");
  add_message_type<letter_issue>("letter_issue");
  add_message_type<letter_reply>("letter_reply");
  add_message_type<letter_query>("letter_query");
  add_message_type<letter_list>("letter_list");
  add_message_type<kpi_query>("kpi_query");
  add_message_type<domain::kpi_counters>("kpi_counters");
  add_message_type<kpi_table>("kpi_table");
  add_message_type<std::vector<kpi_table>>("std::vector<kpi_table>");
  add_message_type<kpi_feed>("kpi_feed");
  add_message_type<daily_report_doc>("daily_report_doc");
  add_message_type<domain::quarantine_entry>("quarantine_entry");
  add_message_type<std::vector<domain::quarantine_entry>>("std::vector<quarantine_entry>");
  add_message_type<sample_batch>("sample_batch");
  add_message_type<sample_receipt>("sample_receipt");
  add_message_type<sample_write>("sample_write");
  add_message_type<indicator_view>("indicator_view");
  add_message_type<std::vector<indicator_view>>("std::vector<indicator_view>");
  add_message_type<history_query>("history_query");
  add_message_type<domain::indicator_history>("indicator_history");
  add_message_type<std::vector<domain::indicator_status>>("std::vector<indicator_status>");
  add_message_type<domain::scenario_event>("scenario_event");
  add_message_type<std::vector<domain::scenario_event>>("std::vector<scenario_event>");
  add_message_type<scenario_call>("scenario_call");
  add_message_type<history_request>("history_request");
  add_message_type<scenario_history>("scenario_history");
  add_message_type<scenario_notice>("scenario_notice");
  add_error_category(caf::atom("cityops"),
                     [](std::uint8_t code, caf::atom_value, const caf::message& ctx) {
                       auto name = domain::to_string(static_cast<domain::error_code>(code));
                       return "cityops." + std::string(name) + caf::to_string(ctx);
                     });
  if (deterministic) {
    set("scheduler.policy", caf::atom("testing"));
  } else {
    // One shared job queue with a condition variable instead of CAF 0.17's work stealing,
    // whose idle workers poll with short sleeps: a request crosses ~10 actors, and on a small
    // box the pollers' wake-ups cost more than the shared lock (measured: +10-15 % intake,
    // 0.29 -> 0.23 ms CPU per case on 2 cores; docs/performance.md).
    set("scheduler.policy", caf::atom("sharing"));
  }
  // CAF's default is max(cores, 4) workers; more workers than cores only switch contexts.
  const unsigned threads =
      worker_threads > 0 ? worker_threads : std::max(1u, std::thread::hardware_concurrency());
  set("scheduler.max-threads", static_cast<std::size_t>(threads));
  workers_ = threads;
  // Log nothing through CAF's own logger; cityops logs with spdlog.
  set("logger.verbosity", caf::atom("quiet"));
}

}  // namespace cityops
