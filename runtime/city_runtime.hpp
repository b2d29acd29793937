#pragma once
// The actor side of a running city: the actor system, the opened event store, the store
// actor, the city network (departments and tier nodes), the case directory, the SLA
// watcher, the alert board, the letter office, the feed hub, the case insight actor and the
// vital-signs watch and the scenario supervisor with the board of the active scenarios'
// rules. Used by cityopsd and by tests that need real actors over a real store.
//
// Lifetime: `city` and `clock` must outlive the runtime. stop() (or the destructor) stops the
// directory and its case actors, flushes the store actor and closes the store.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/case_context.hpp"
#include "actors/city_network.hpp"
#include "actors/scenario.hpp"
#include "actors/scenario_rules_board.hpp"
#include "actors/wall_clock.hpp"
#include "storage/status.hpp"
#include "config/city_model.hpp"
#include "config/indicator_settings.hpp"
#include "config/report_settings.hpp"
#include "config/risk_settings.hpp"

namespace cityops {

namespace storage {
class event_store;
}

class city_runtime {
 public:
  struct options {
    std::string data_dir = "./data";
    std::chrono::milliseconds case_idle{60000};
    bool deterministic = false;  // CAF test coordinator: the caller drives the scheduler
    unsigned worker_threads = 0; // 0: one per core (actor_system_setup.cpp)
    // How often the SLA watcher scans the deadline index (it also scans once at start).
    std::chrono::milliseconds sla_scan_interval{60000};
    network_settings network;    // dispatch policy, restart budget of department/node actors
    // Called (from a CAF thread) when the runtime cannot go on, e.g. a department actor in a
    // crash loop; the service answers with a clean shutdown.
    std::function<void(std::string)> on_fatal;
    // Tests only: see actors/case_context.hpp (how a poison message is made).
    action_failpoint before_action;
    // Tests only: the store's write failpoint (storage::store_options::before_write).
    std::function<storage::status()> store_failpoint;
    // Intake intelligence (intake_triage.hpp): with settings the case insight actor runs
    // (duplicates, caller history, similar cases, dispatch ranking) and reports are triaged;
    // with a classifier they are also classified. Settings must outlive the runtime.
    const config::intake_settings* intake = nullptr;
    std::shared_ptr<const domain::text_classifier> classifier;
    // The risk lexicon's matcher: a report holding one of its words is marked and urgent.
    std::shared_ptr<const domain::sensitive_matcher> sensitive_words;
    // Intake shards (runtime/intake_shard.hpp): 0 = one per CAF worker. A report not settled
    // within report_timeout is answered `timeout`.
    unsigned intake_shards = 0;
    std::chrono::milliseconds report_timeout{10000};
    // The directory's passivation sweep and recent-cases cache (runtime/case_directory.hpp).
    std::size_t passivation_rate = 2000;
    std::size_t recent_cases = 10000;
    // 预警函 / 提醒函 (actors/letter_office.hpp): the letter head and reply time, and how often
    // the letter office looks for unanswered letters past their deadline.
    config::letter_settings letters;
    std::chrono::milliseconds letter_scan_interval{60000};
    // The risk watches (runtime/risk_watches.hpp: sensitive words, 一人多诉, 新发高发,
    // 集中爆发) run with settings; they must outlive the runtime.
    const config::risk_settings* risk = nullptr;
    // How often, at most, the KPI board publishes today's KPIs on the feed while cases move.
    std::chrono::milliseconds kpi_feed_interval{1000};
    // City vital signs (actors/vital_signs.hpp): the indicator registry (must outlive the
    // runtime; null = none) and how often silent sensors are looked for.
    const config::indicator_settings* indicators = nullptr;
    std::chrono::milliseconds indicator_scan_interval{60000};
    // The 每日信息 (runtime/daily_reporter.hpp): issuer, daily time, whether it runs by itself.
    config::report_settings reports;
    // Scenarios (actors/scenario.hpp): the kinds that may be activated (null: the built-in
    // ones, runtime/scenario_catalogue.hpp) and the watchdog's budget for one handler.
    scenario_registry_ptr scenarios;
    std::chrono::milliseconds scenario_budget{10000};
    // How long stop() waits for every actor to end before it leaves the stragglers behind
    // (a scenario handler that never returns holds its host's thread; the store is closed
    // by then).
    std::chrono::milliseconds stop_grace{30000};
  };

  // Opens the store and spawns the actors; nullptr with `error` set on failure.
  static std::unique_ptr<city_runtime> start(const config::city_model& city,
                                             const wall_clock& clock, const options& opts,
                                             std::string& error);
  ~city_runtime();
  city_runtime(const city_runtime&) = delete;
  city_runtime& operator=(const city_runtime&) = delete;

  caf::actor_system& system();
  const caf::actor& directory() const { return directory_; }
  const caf::actor& network() const { return network_; }
  const caf::actor& store() const { return store_; }
  const caf::actor& sla_watcher() const { return sla_watcher_; }
  const caf::actor& alert_board() const { return alert_board_; }
  const caf::actor& feed_hub() const { return feed_hub_; }
  const caf::actor& letter_office() const { return letter_office_; }
  const caf::actor& kpi_board() const { return kpi_board_; }
  const caf::actor& daily_reporter() const { return daily_reporter_; }
  const caf::actor& insight() const { return insight_; }  // null without intake settings
  const caf::actor& vital_signs() const { return vital_signs_; }
  // The scenario supervisor (actors/scenario_supervisor.hpp).
  const caf::actor& scenarios() const { return scenarios_; }
  // The risk watches, in risk_watch_specs' order; empty without risk settings.
  const std::vector<caf::actor>& risk_watches() const { return risk_watches_; }
  // The intake shards: reports go to them (intake_shard_for picks one).
  const std::vector<caf::actor>& intake_shards() const { return shards_; }
  // The active scenarios' rules overlay every deciding actor reads.
  const scenario_rules_board_ptr& rules_board() const { return rules_board_; }
  // Direct read access for diagnostics (/metrics) — const calls are thread-safe.
  const storage::event_store& event_store() const { return *event_store_; }

  void stop();

 private:
  city_runtime() = default;
  struct system_holder;
  std::unique_ptr<system_holder> holder_;
  std::shared_ptr<storage::event_store> event_store_;
  caf::actor store_;
  caf::actor network_;
  caf::actor directory_;
  caf::actor sla_watcher_;
  caf::actor alert_board_;
  caf::actor feed_hub_;
  caf::actor letter_office_;
  caf::actor kpi_board_;
  caf::actor daily_reporter_;
  caf::actor insight_;
  caf::actor vital_signs_;
  caf::actor scenarios_;
  std::vector<caf::actor> shards_;
  std::vector<caf::actor> risk_watches_;
  scenario_rules_board_ptr rules_board_;
  bool deterministic_ = false;
  bool stopped_ = false;
  std::chrono::milliseconds stop_grace_{30000};
};

}  // namespace cityops
