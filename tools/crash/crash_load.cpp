// The crash test's load phase: workers that create cases and drive them through the workflow
// on keep-alive connections, recording every acknowledgement, until the kill.
#include "tools/crash/crash_runner_impl.hpp"

namespace cityops::crash::detail {

void runner::worker(int index, int iteration, const std::string& addr,
                    std::vector<case_plan>& plans, const std::atomic<bool>& killing,
                    load_counters& n) {
  workload_planner planner(mix(opt_.seed, static_cast<std::uint64_t>(iteration),
                               static_cast<std::uint64_t>(index)));
  const std::string prefix = run_id_ + "-" + std::to_string(iteration) + "-" +
                             std::to_string(index);
  std::unique_ptr<http_connection> conn;
  std::uint64_t creates = 0;
  std::uint64_t actions = 0;
  int connect_failures = 0;
  std::set<std::string> keys_sent;
  std::set<std::string> cases_acked;
  std::vector<std::pair<std::string, std::string>> cut_actions;
  std::set<std::string> cut_creates;

  // One request; nullopt when it got no answer (the kill, or a transport failure).
  auto send = [&](const std::string& method, const std::string& target, const std::string& body,
                  header_list headers, const std::string& what) -> std::optional<client_response> {
    ++n.inflight;
    try {
      auto r = conn->request(method, target, body, std::move(headers));
      --n.inflight;
      return r;
    } catch (const std::exception& e) {
      --n.inflight;
      conn.reset();
      if (killing.load()) {
        ++n.cut_by_kill;
        ledger_->note("inflight\t" + what);
      } else {
        ++n.transport_errors;
        ledger_->note("transport_error\t" + what + "\t" + e.what());
      }
      return std::nullopt;
    }
  };

  auto create = [&] {
    const auto key = make_key(run_id_, iteration, index, creates++);
    const auto body = create_body(key);
    ledger_->intend_create(key);
    keys_sent.insert(key);
    header_list headers = auth();
    headers.emplace_back("Idempotency-Key", key);
    auto r = send("POST", "/api/v1/cases", body, headers, "create\t" + key);
    if (!r) {
      if (killing.load()) cut_creates.insert(key);
      return;
    }
    if (r->status != 201 && r->status != 200) {
      ++n.refused;
      ledger_->note("refused\tcreate\t" + key + "\t" + std::to_string(r->status));
      return;
    }
    auto c = parse_case_reply(r->body);
    if (!c || c->c.history.empty()) {
      add_load_violation({"ack_mismatch", "", key,
                          "create answered " + std::to_string(r->status) +
                              " without a readable case: " + excerpt(r->body)});
      return;
    }
    const auto& id = c->c.id;
    if (r->status == 200)
      add_load_violation({"replay_mismatch", id, key,
                          "the first POST of a fresh key answered 200 (a replay of " + id + ")"});
    const auto& first_event = c->c.history.front();
    if (first_event.seq != 1 || first_event.type != "reported")
      add_load_violation({"ack_mismatch", id, key,
                          "create's reply starts its history with seq " +
                              std::to_string(first_event.seq) + " " + first_event.type});
    acked_transition first{id, "create", "", first_event.seq, first_event.type,
                           first_event.status, types_of(c->c.history)};
    if (auto earlier = ledger_->ack_create(key, id, first))
      add_load_violation({"replay_mismatch", id, key,
                          "the key was acknowledged as " + *earlier + " before"});
    ++n.creates;
    cases_acked.insert(id);
    case_plan plan;
    plan.id = id;
    plan.key = key;
    plan.status = c->c.status;
    plan.department = c->department;
    plan.pending_extension = c->pending_extension;
    plans.push_back(std::move(plan));
    if (planner.chance(0.05)) {  // a client retry while the service runs
      auto again = send("POST", "/api/v1/cases", body, headers, "retry\t" + key);
      if (!again) return;
      auto rc = parse_case_reply(again->body);
      if (again->status != 200 || again->header("Idempotent-Replay") != "true" || !rc ||
          rc->c.id != id)
        add_load_violation({"replay_mismatch", id, key,
                            "a retry while running answered " + std::to_string(again->status) +
                                (rc ? " id " + rc->c.id : std::string()) + ", expected 200 " +
                                id});
    }
  };

  auto advance = [&](case_plan& plan) {
    const std::string by = "crash-" + prefix + "-a" + std::to_string(actions++);
    auto act = planner.next(plan, by, wall_ms());
    if (!act) return;
    auto r = send("POST", "/api/v1/cases/" + plan.id + "/actions/" + act->action, act->body,
                  auth(), plan.id + "\t" + act->action + "\t" + by);
    if (!r) {
      if (killing.load()) cut_actions.emplace_back(plan.id, by);
      return;
    }
    if (r->status == 200) {
      auto c = parse_case_reply(r->body);
      if (!c) {
        add_load_violation({"ack_mismatch", plan.id, plan.key,
                            act->action + " answered 200 without a readable case: " +
                                excerpt(r->body)});
        plan.done = true;
        return;
      }
      const auto* e = find_event_by(c->c.history, by);
      if (!e) {
        add_load_violation({"ack_mismatch", plan.id, plan.key,
                            act->action + " by " + by +
                                " answered 200 but its history has no event by " + by});
      } else {
        if (e->type != act->event_type)
          add_load_violation({"ack_mismatch", plan.id, plan.key,
                              act->action + " by " + by + " recorded '" + e->type +
                                  "', expected '" + act->event_type + "'"});
        ledger_->ack_transition({plan.id, act->action, by, e->seq, e->type, e->status,
                                 types_of(c->c.history)});
        ++n.transitions;
        cases_acked.insert(plan.id);
      }
      plan.status = c->c.status;
      plan.department = c->department;
      plan.pending_extension = c->pending_extension;
      plan.conflicts = 0;
      return;
    }
    ++plan.conflicts;
    if (r->status == 409) {
      ++n.conflicts;
      if (auto err = parse_error_reply(r->body)) {
        if (!err->status.empty()) plan.status = err->status;
        if (err->code == "conflict") {
          if (act->action == "extend") plan.pending_extension = true;
          if (act->action == "approve_extension") plan.pending_extension = false;
        }
      }
    } else if (r->status == 404) {
      add_load_violation({"lost_case", plan.id, plan.key,
                          "while the service ran, " + act->action +
                              " on this acknowledged case answered 404: " + excerpt(r->body)});
      plan.done = true;
    } else {
      ++n.refused;
      ledger_->note("refused\t" + plan.id + "\t" + act->action + "\t" +
                    std::to_string(r->status) + "\t" + excerpt(r->body));
    }
    if (plan.conflicts >= max_conflicts) plan.done = true;
  };

  while (!killing.load()) {
    if (!conn) {
      try {
        conn = std::make_unique<http_connection>(addr, request_timeout);
        connect_failures = 0;
      } catch (const std::exception& e) {
        if (killing.load()) break;
        ++n.transport_errors;
        ledger_->note("transport_error\tconnect\t" + std::string(e.what()));
        if (++connect_failures > 20) break;
        continue;
      }
    }
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < plans.size(); ++i)
      if (!plans[i].done) open.push_back(i);
    if (open.size() < open_cases_per_worker || planner.chance(0.2)) {
      create();
    } else {
      advance(plans[open[planner.pick(open.size())]]);
    }
  }
  std::lock_guard<std::mutex> lock(recent_mutex_);
  recent_keys_.insert(keys_sent.begin(), keys_sent.end());
  recent_cases_.insert(cases_acked.begin(), cases_acked.end());
  cut_actions_.insert(cut_actions_.end(), cut_actions.begin(), cut_actions.end());
  cut_creates_.insert(cut_creates.begin(), cut_creates.end());
}

void runner::run_load(service_process& svc, int iteration, std::string& summary) {
  {
    std::lock_guard<std::mutex> lock(recent_mutex_);
    recent_keys_.clear();
    recent_cases_.clear();
    cut_actions_.clear();
    cut_creates_.clear();
  }
  const int workers = opt_.workers;
  std::vector<std::vector<case_plan>> plans(static_cast<std::size_t>(workers));
  for (std::size_t i = 0; i < open_plans_.size(); ++i)
    plans[i % plans.size()].push_back(std::move(open_plans_[i]));
  open_plans_.clear();

  const double max_s = opt_.duration_s;
  const double min_s = opt_.kill_min_s >= 0 ? std::min(opt_.kill_min_s, max_s) : max_s / 5;
  const double kill_after = std::uniform_real_distribution<double>(min_s, max_s)(rng_);

  load_counters n;
  std::atomic<bool> killing{false};
  std::mutex done_mutex;
  std::condition_variable done_cv;
  int running = workers;
  const auto started = steady::now();
  const std::string addr = svc.address();
  ledger_->note("load\t" + std::to_string(iteration) + "\t" + addr + "\tkill after " +
                fixed(kill_after, 3) + "s");
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      worker(w, iteration, addr, plans[static_cast<std::size_t>(w)], killing, n);
      std::lock_guard<std::mutex> lock(done_mutex);
      --running;
      done_cv.notify_all();
    });
  }
  {
    // The kill moment is the test's input, not a synchronisation: wait for it (or for every
    // worker to have given up, which the summary shows).
    std::unique_lock<std::mutex> lock(done_mutex);
    done_cv.wait_until(lock, started + std::chrono::duration_cast<steady::duration>(
                                           std::chrono::duration<double>(kill_after)),
                       [&] { return running == 0; });
  }
  const int inflight_at_kill = n.inflight.load();
  const double killed_at = seconds_since(started);
  killing = true;
  if (const auto died = svc.kill9()) {
    const std::string how = WIFSIGNALED(*died) ? "signal " + std::to_string(WTERMSIG(*died))
                                               : "exit " + std::to_string(WEXITSTATUS(*died));
    add_load_violation({"service_died", "", "",
                        "cityopsd exited by itself during the load (" + how + "); see " +
                            service_log_});
  }
  ledger_->note("killed\t" + std::to_string(iteration) + "\tat " + fixed(killed_at, 3) + "s\t" +
                std::to_string(inflight_at_kill) + " in flight");
  for (auto& t : threads) t.join();
  for (auto& list : plans)
    for (auto& p : list)
      if (!p.done) open_plans_.push_back(std::move(p));

  summary = "kill -9 at " + fixed(killed_at) + "s with " + std::to_string(inflight_at_kill) +
            " requests in flight (" + std::to_string(n.cut_by_kill.load()) +
            " cut); acked +" + std::to_string(n.creates.load()) + " cases, +" +
            std::to_string(n.transitions.load()) + " transitions; 409s " +
            std::to_string(n.conflicts.load()) + ", refused " + std::to_string(n.refused.load());
  if (n.transport_errors.load())
    summary += ", TRANSPORT ERRORS BEFORE THE KILL " + std::to_string(n.transport_errors.load());
}

}  // namespace cityops::crash::detail
