#include "runtime/city_runtime.hpp"

#include <filesystem>
#include <thread>

#include <spdlog/spdlog.h>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include "actors/alert_board.hpp"
#include "actors/case_context.hpp"
#include "actors/case_insight_actor.hpp"
#include "actors/city_network.hpp"
#include "actors/feed_hub.hpp"
#include "actors/letter_office.hpp"
#include "actors/risk_watch.hpp"
#include "actors/scenario_supervisor.hpp"
#include "actors/vital_signs.hpp"
#include "gateway/feed_json.hpp"
#include "gateway/kpi_json.hpp"
#include "gateway/scenario_json.hpp"
#include "runtime/actor_system_setup.hpp"
#include "runtime/case_directory.hpp"
#include "runtime/intake_shard.hpp"
#include "runtime/daily_reporter.hpp"
#include "runtime/kpi_board.hpp"
#include "runtime/risk_watches.hpp"
#include "runtime/scenario_catalogue.hpp"
#include "runtime/sla_watcher.hpp"
#include "runtime/store_actor.hpp"
#include "storage/event_store.hpp"

namespace cityops {

struct city_runtime::system_holder {
  explicit system_holder(const options& o)
      : setup(o.deterministic, o.worker_threads), system(setup) {}
  actor_system_setup setup;
  caf::actor_system system;
};

std::unique_ptr<city_runtime> city_runtime::start(const config::city_model& city,
                                                  const wall_clock& clock, const options& opts,
                                                  std::string& error) {
  std::error_code ec;
  std::filesystem::create_directories(opts.data_dir, ec);
  if (ec) {
    error = "cannot create data directory '" + opts.data_dir + "': " + ec.message();
    return nullptr;
  }
  std::unique_ptr<storage::event_store> opened;
  storage::store_options store_opts;
  store_opts.before_write = opts.store_failpoint;
  const auto s = storage::event_store::open(opts.data_dir + "/store", store_opts, opened);
  if (!s.is_ok()) {
    error = "cannot open the event store in '" + opts.data_dir + "/store': " + s.to_string();
    return nullptr;
  }
  std::unique_ptr<storage::report_store> reports;
  if (const auto r = storage::report_store::open(*opened, reports); !r.is_ok()) {
    error = "cannot open the reports in '" + opts.data_dir + "/store': " + r.to_string();
    return nullptr;
  }
  std::unique_ptr<city_runtime> rt(new city_runtime());
  rt->deterministic_ = opts.deterministic;
  rt->event_store_ = std::move(opened);
  rt->holder_ = std::make_unique<system_holder>(opts);
  auto& sys = rt->holder_->system;
  rt->store_ = sys.spawn(store_actor, rt->event_store_);
  intake_services intake;
  if (opts.intake) {
    rt->insight_ = sys.spawn(case_insight_actor, &city, opts.intake, &clock, rt->store_);
    intake.classifier = opts.classifier;
    intake.settings = opts.intake;
    intake.insight = rt->insight_;
  }
  intake.sensitive_words = opts.sensitive_words;
  rt->rules_board_ = std::make_shared<scenario_rules_board>();
  auto ctx = std::make_shared<const case_context>(city, clock, rt->store_, opts.case_idle,
                                                  opts.before_action, std::move(intake),
                                                  rt->rules_board_);
  auto ids = std::make_shared<case_id_allocator>(
      city.city_id, [store = rt->event_store_](const std::string& day, std::uint64_t& value,
                                               std::string& error) {
        const auto s = store->id_counter(day, value);
        if (!s.is_ok()) error = s.to_string();
        return s.is_ok();
      });
  const auto shard_count = opts.intake_shards > 0 ? opts.intake_shards
                                                  : rt->holder_->setup.worker_count();
  for (unsigned i = 0; i < shard_count; ++i)
    rt->shards_.push_back(sys.spawn(intake_shard, intake_shard_setup{ctx, ids, rt->event_store_,
                                                                     opts.report_timeout}));
  rt->directory_ = sys.spawn(case_directory, ctx,
                             case_directory_setup{rt->shards_, opts.passivation_rate,
                                                  opts.recent_cases});
  if (rt->insight_) caf::anon_send(rt->insight_, directory_atom::value, rt->directory_);
  auto network = opts.network;
  network.on_fatal = opts.on_fatal;
  network.rules = rt->rules_board_;
  rt->network_ = sys.spawn(city_network, &city, rt->directory_, rt->store_, network);
  // The network must be subscribed to the committed stream before the first case moves, or
  // its centres would miss those events: wait until it answers (it answers only after its
  // initialisation). The deterministic scheduler runs it when the test drives it.
  // The alert board and the feed hub subscribe to the stream the same way.
  rt->alert_board_ = sys.spawn(cityops::alert_board, &city, &clock, rt->store_);
  rt->letter_office_ =
      sys.spawn(cityops::letter_office, &city, &clock, rt->store_, rt->alert_board_,
                letter_office_setup{opts.letters, opts.letter_scan_interval});
  if (opts.risk) {
    for (auto& spec : risk_watch_specs(city, *opts.risk))
      rt->risk_watches_.push_back(
          sys.spawn(cityops::risk_watch, std::move(spec), &clock, rt->store_, rt->alert_board_));
  }
  feed_format format{&gateway::feed_case_event_json, &gateway::feed_alert_json,
                     [&city](std::int64_t day, const kpi_table& t) {
                       return gateway::feed_kpi_json(city, day, t);
                     },
                     &gateway::feed_scenario_json};
  rt->feed_hub_ = sys.spawn(cityops::feed_hub, &city, std::move(format));
  rt->kpi_board_ = sys.spawn(cityops::kpi_board,
                             std::shared_ptr<const storage::event_store>(rt->event_store_), &city,
                             &clock, opts.kpi_feed_interval);
  rt->vital_signs_ =
      sys.spawn(cityops::vital_signs, &city, &clock, rt->store_, rt->alert_board_,
                vital_signs_setup{opts.indicators, opts.indicator_scan_interval});
  rt->daily_reporter_ = sys.spawn(
      cityops::daily_reporter, &city, &clock, rt->store_,
      std::shared_ptr<const storage::event_store>(rt->event_store_),
      std::shared_ptr<storage::report_store>(std::move(reports)), opts.reports);
  if (!opts.deterministic) {
    caf::scoped_actor self{sys};
    self->request(rt->network_, caf::infinite, queue_atom::value, std::string("node"), city.city_id)
        .receive([](const queue_view&) {}, [](const caf::error&) {});
    self->request(rt->alert_board_, caf::infinite, alert_atom::value, queue_atom::value)
        .receive([](std::uint64_t) {}, [](const caf::error&) {});
    self->request(rt->feed_hub_, caf::infinite, feed_atom::value, queue_atom::value)
        .receive([](std::uint64_t) {}, [](const caf::error&) {});
  }
  // Scenarios last: the active set is restored (rules back on the board) before the runtime
  // is handed out, so no report is decided without them.
  scenario_supervisor_setup scenarios;
  scenarios.registry = opts.scenarios ? opts.scenarios : builtin_scenarios();
  scenarios.city = &city;
  scenarios.clock = &clock;
  scenarios.store = rt->store_;
  scenarios.directory = rt->directory_;
  scenarios.board = rt->rules_board_;
  scenarios.detached_hosts = !opts.deterministic;
  scenarios.budget = opts.scenario_budget;
  rt->scenarios_ = sys.spawn(cityops::scenario_supervisor, std::move(scenarios));
  rt->stop_grace_ = opts.stop_grace;
  if (!opts.deterministic) {
    caf::scoped_actor self{sys};
    self->request(rt->scenarios_, caf::infinite, scenario_atom::value, ready_atom::value)
        .receive([](bool) {}, [](const caf::error&) {});
  }
  sla_watcher_options sla;
  sla.interval = opts.sla_scan_interval;
  rt->sla_watcher_ = sys.spawn(cityops::sla_watcher, rt->store_, rt->directory_, &clock, sla);
  return rt;
}

caf::actor_system& city_runtime::system() { return holder_->system; }

namespace {

// Whether every actor of `sys` has ended within `grace` (polled: this is the shutdown path).
bool all_stopped(caf::actor_system& sys, std::chrono::milliseconds grace) {
  const auto until = std::chrono::steady_clock::now() + grace;
  while (sys.registry().running() > 0) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace

void city_runtime::stop() {
  if (stopped_) return;
  stopped_ = true;
  // Case actors die with the directory; appends they already sent are still in the store
  // actor's mailbox, and stop_atom queues behind them, so nothing sent is dropped.
  // The SLA watcher and the scenarios first: they send to the directory.
  caf::anon_send_exit(sla_watcher_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(scenarios_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(directory_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(network_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(letter_office_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(vital_signs_, caf::exit_reason::user_shutdown);
  for (auto& w : risk_watches_) caf::anon_send_exit(w, caf::exit_reason::user_shutdown);
  risk_watches_.clear();
  caf::anon_send_exit(alert_board_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(feed_hub_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(kpi_board_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(daily_reporter_, caf::exit_reason::user_shutdown);
  if (insight_) caf::anon_send_exit(insight_, caf::exit_reason::user_shutdown);
  insight_ = nullptr;
  // Shards after the gateway stopped handing them tickets; what they already sent the store
  // actor queues ahead of its stop.
  for (auto& shard : shards_) caf::anon_send_exit(shard, caf::exit_reason::user_shutdown);
  shards_.clear();
  caf::anon_send(store_, stop_atom::value);
  alert_board_ = nullptr;
  letter_office_ = nullptr;
  vital_signs_ = nullptr;
  feed_hub_ = nullptr;
  kpi_board_ = nullptr;
  daily_reporter_ = nullptr;
  sla_watcher_ = nullptr;
  scenarios_ = nullptr;
  directory_ = nullptr;
  network_ = nullptr;
  store_ = nullptr;
  if (deterministic_) {
    auto& sched = dynamic_cast<caf::scheduler::test_coordinator&>(holder_->system.scheduler());
    sched.run();
  } else if (!all_stopped(holder_->system, stop_grace_)) {
    // A scenario handler that never returns holds its (detached) host's thread, and the actor
    // system would wait for it forever. Everything else has ended — the store actor flushed —
    // so the stragglers are left behind: reachable, never destroyed, gone with the process.
    spdlog::critical("runtime: {} actors did not stop within {} ms (a stalled scenario); "
                     "leaving them behind",
                     holder_->system.registry().running(), stop_grace_.count());
    static auto* abandoned = new std::vector<std::unique_ptr<system_holder>>();
    abandoned->push_back(std::move(holder_));
    event_store_.reset();
    return;
  }
  holder_->system.await_all_actors_done();
  holder_.reset();
  event_store_.reset();
}

city_runtime::~city_runtime() { stop(); }

}  // namespace cityops
