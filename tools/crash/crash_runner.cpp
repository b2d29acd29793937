#include "tools/crash/crash_runner.hpp"

#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.hpp"
#include "tools/crash/ack_ledger.hpp"
#include "tools/crash/cityopsd_process.hpp"
#include "tools/crash/replies.hpp"
#include "tools/crash/verifier.hpp"
#include "tools/crash/workload.hpp"
#include "tools/load/json_text.hpp"

namespace cityops::crash {

namespace {

using steady = std::chrono::steady_clock;
using cityops::testing::client_response;
using cityops::testing::header_list;
using cityops::testing::http_connection;

const std::string admin_token = "cityops-crash-test-admin-token-0123456789abcdef";
constexpr std::chrono::seconds request_timeout{30};
constexpr std::size_t open_cases_per_worker = 3;  // below this a worker always creates
constexpr int max_conflicts = 12;                 // 409s in a row before a case is put aside

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double seconds_since(steady::time_point t) {
  return std::chrono::duration<double>(steady::now() - t).count();
}

std::uint64_t mix(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b)};
  std::uint32_t out[2];
  seq.generate(out, out + 2);
  return (static_cast<std::uint64_t>(out[0]) << 32) | out[1];
}

std::vector<std::string> types_of(const std::vector<observed_event>& history) {
  std::vector<std::string> out;
  out.reserve(history.size());
  for (const auto& e : history) out.push_back(e.type);
  return out;
}

std::string excerpt(const std::string& body) {
  return body.size() > 300 ? body.substr(0, 300) + "…" : body;
}

std::string fixed(double v, int digits = 2) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Counters of one load phase, shared by its workers.
struct load_counters {
  std::atomic<std::size_t> creates{0};
  std::atomic<std::size_t> transitions{0};
  std::atomic<std::size_t> conflicts{0};
  std::atomic<std::size_t> refused{0};           // other non-2xx answers (503, 504, 400, ...)
  std::atomic<std::size_t> transport_errors{0};  // before the kill: the service misbehaved
  std::atomic<std::size_t> cut_by_kill{0};       // requests that got no answer because of it
  std::atomic<int> inflight{0};
};

struct verify_result {
  std::vector<violation> violations;
  std::size_t cut_actions_landed = 0;  // requests cut by the kill whose event is durable
  std::size_t cut_actions_read = 0;
  std::size_t cut_creates_landed = 0;  // creates cut by the kill whose case exists
  std::size_t cut_creates_retried = 0;
  std::size_t cases_checked = 0;
  std::size_t transitions_checked = 0;
  std::size_t keys_retried = 0;
  std::size_t listed = 0;
  std::size_t busy_answers = 0;  // 503/504 answers the verification retried
  bool full = false;
};

// A verification request: a 503 (overloaded, Retry-After) or 504 (the actor did not answer
// in time) says "retry later", nothing about the data, so it is retried — after the
// Retry-After pause for a 503; a 504 has already waited the service's actor timeout — up to
// `busy_retries` times. Each such answer is counted in `busy`; the last answer is returned.
constexpr int busy_retries = 30;
client_response patient_request(http_connection& conn, const std::string& method,
                                const std::string& target, const std::string& body,
                                const header_list& headers, std::atomic<std::size_t>& busy) {
  for (int attempt = 0;; ++attempt) {
    auto r = conn.request(method, target, body, headers);
    if ((r.status != 503 && r.status != 504) || attempt >= busy_retries) return r;
    ++busy;
    if (r.status == 503) std::this_thread::sleep_for(std::chrono::seconds(1));  // Retry-After
    if (!conn.is_open()) throw std::runtime_error("connection closed after " + std::to_string(r.status));
  }
}

// Thrown for harness failures (a verification request that could not be made).
struct harness_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class runner {
 public:
  explicit runner(const crash_options& o) : opt_(o), rng_(o.seed) {}
  int run();

 private:
  void prepare_dirs();
  std::unique_ptr<cityopsd_process> start_service();
  std::set<std::string> list_ids(const std::string& addr);
  std::vector<listed_case> listing(const std::string& addr);
  void run_load(cityopsd_process& svc, int iteration, std::string& summary);
  void worker(int index, int iteration, const std::string& addr, std::vector<case_plan>& plans,
              const std::atomic<bool>& killing, load_counters& n);
  verify_result verify(const std::string& addr, bool full);
  void add_load_violation(violation v);
  void report(const std::vector<violation>& violations);
  void cleanup(bool failed);

  // Runs fn(connection, item) over items on `opt_.workers` threads, each with its own
  // keep-alive connection. A transport failure is a harness_error (rethrown here).
  template <class Item, class Fn>
  void parallel(const std::string& addr, const std::vector<Item>& items, Fn fn);

  header_list auth() const { return {{"Authorization", "Bearer " + admin_token}}; }

  crash_options opt_;
  std::mt19937_64 rng_;
  std::string run_id_;
  std::string work_dir_;  // the temporary directory when we made one
  std::string data_dir_;
  std::string log_path_;
  std::string service_log_;
  std::ofstream log_;
  std::unique_ptr<ack_ledger> ledger_;

  std::vector<case_plan> open_plans_;  // carried from one load to the next
  std::mutex recent_mutex_;
  std::set<std::string> recent_keys_;   // keys the last load sent
  std::set<std::string> recent_cases_;  // cases with an acknowledgement in the last load
  std::vector<std::pair<std::string, std::string>> cut_actions_;  // (case, by) the kill cut
  std::set<std::string> cut_creates_;                             // keys the kill cut
  std::set<std::string> preexisting_;
  std::mutex violations_mutex_;
  std::vector<violation> load_violations_;  // found while the load ran (replies)
};

void runner::prepare_dirs() {
  namespace fs = std::filesystem;
  if (opt_.data_dir.empty()) {
    char pattern[] = "/tmp/cityops-crash-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    if (!made) throw std::runtime_error("mkdtemp failed");
    work_dir_ = made;
    data_dir_ = work_dir_ + "/data";
    fs::create_directories(data_dir_);
    service_log_ = work_dir_ + "/cityopsd.log";
    log_path_ = opt_.log_path.empty() ? work_dir_ + "/ack.log" : opt_.log_path;
  } else {
    data_dir_ = opt_.data_dir;
    fs::create_directories(data_dir_);
    service_log_ = data_dir_ + "/crash-cityopsd.log";
    log_path_ = opt_.log_path.empty() ? data_dir_ + "/crash-ack.log" : opt_.log_path;
  }
  log_.open(log_path_, std::ios::app);
  if (!log_) throw std::runtime_error("cannot open the ack log " + log_path_);
  ledger_ = std::make_unique<ack_ledger>(&log_);
}

std::unique_ptr<cityopsd_process> runner::start_service() {
  return std::make_unique<cityopsd_process>(opt_.cityopsd, data_dir_, admin_token, service_log_,
                                            std::chrono::seconds(opt_.ready_timeout_s));
}

std::vector<listed_case> runner::listing(const std::string& addr) {
  std::vector<listed_case> out;
  http_connection conn(addr, request_timeout);
  std::string cursor;
  for (int page = 0;; ++page) {
    std::string target = "/api/v1/cases?limit=200";
    if (!cursor.empty()) target += "&cursor=" + load::url_encode(cursor);
    client_response r;
    try {
      if (!conn.is_open()) conn = http_connection(addr, request_timeout);
      r = conn.request("GET", target, "", auth());
    } catch (const std::exception& e) {
      throw harness_error(std::string("listing page ") + std::to_string(page) + ": " + e.what());
    }
    if (r.status != 200)
      throw harness_error("listing answered " + std::to_string(r.status) + ": " +
                          excerpt(r.body));
    auto p = parse_listing_page(r.body);
    if (!p) throw harness_error("listing page unreadable: " + excerpt(r.body));
    out.insert(out.end(), p->items.begin(), p->items.end());
    if (p->next_cursor.empty()) return out;
    cursor = p->next_cursor;
  }
}

std::set<std::string> runner::list_ids(const std::string& addr) {
  std::set<std::string> ids;
  for (const auto& c : listing(addr)) ids.insert(c.id);
  return ids;
}

void runner::add_load_violation(violation v) {
  ledger_->note("violation\t" + v.to_string());
  std::lock_guard<std::mutex> lock(violations_mutex_);
  load_violations_.push_back(std::move(v));
}

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

void runner::run_load(cityopsd_process& svc, int iteration, std::string& summary) {
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

template <class Item, class Fn>
void runner::parallel(const std::string& addr, const std::vector<Item>& items, Fn fn) {
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::string error;
  std::vector<std::thread> threads;
  const int count = std::max(1, std::min<int>(opt_.workers, static_cast<int>(items.size())));
  for (int t = 0; t < count; ++t) {
    threads.emplace_back([&] {
      try {
        http_connection conn(addr, request_timeout);
        for (std::size_t i = next++; i < items.size(); i = next++) {
          if (!conn.is_open()) conn = http_connection(addr, request_timeout);
          fn(conn, items[i]);
        }
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (error.empty()) error = e.what();
        next = items.size();  // stop the others
      }
    });
  }
  for (auto& t : threads) t.join();
  if (!error.empty()) throw harness_error("verification request failed: " + error);
}

verify_result runner::verify(const std::string& addr, bool full) {
  verify_result out;
  out.full = full;
  std::atomic<std::size_t> busy{0};
  const auto state = ledger_->snapshot();
  std::map<std::string, std::string> key_of;
  for (const auto& [key, id] : state.key_to_id) key_of[id] = key;

  // 1. The acknowledged cases: all of them, or the last load's and a sample of the others.
  std::vector<std::string> ids;
  {
    std::lock_guard<std::mutex> lock(recent_mutex_);
    std::set<std::string> cut_case_ids;
    for (const auto& [id, by] : cut_actions_) cut_case_ids.insert(id);
    std::vector<std::string> older;
    for (const auto& [id, key] : key_of) {
      if (full || recent_cases_.count(id) || cut_case_ids.count(id)) ids.push_back(id);
      else older.push_back(id);
    }
    std::shuffle(older.begin(), older.end(), rng_);
    if (older.size() > static_cast<std::size_t>(opt_.verify_sample))
      older.resize(static_cast<std::size_t>(opt_.verify_sample));
    ids.insert(ids.end(), older.begin(), older.end());
  }
  std::mutex mutex;  // guards out and seen_status
  std::map<std::string, case_reply> seen;
  parallel(addr, ids, [&](http_connection& conn, const std::string& id) {
    const auto r = patient_request(conn, "GET", "/api/v1/cases/" + id, "", auth(), busy);
    const auto& key = key_of.at(id);
    const auto tr = state.transitions.find(id);
    static const std::vector<acked_transition> none;
    const auto& acked = tr == state.transitions.end() ? none : tr->second;
    std::vector<violation> found;
    std::optional<case_reply> c;
    if (r.status == 404) {
      found = check_case(key, acked, nullptr);
    } else if (r.status != 200 || !(c = parse_case_reply(r.body))) {
      found.push_back({"unreadable", id, key,
                       "GET answered " + std::to_string(r.status) + ": " + excerpt(r.body)});
    } else {
      found = check_case(key, acked, &c->c);
    }
    std::lock_guard<std::mutex> lock(mutex);
    ++out.cases_checked;
    out.transitions_checked += acked.size();
    out.violations.insert(out.violations.end(), found.begin(), found.end());
    if (c) seen.emplace(id, std::move(*c));
  });
  // Informational: did the requests the kill cut land? (Either is correct.)
  {
    std::lock_guard<std::mutex> lock(recent_mutex_);
    for (const auto& [id, by] : cut_actions_) {
      auto it = seen.find(id);
      if (it == seen.end()) continue;
      ++out.cut_actions_read;
      if (find_event_by(it->second.c.history, by)) ++out.cut_actions_landed;
    }
  }
  // The next load starts from what the service shows now.
  for (auto& p : open_plans_) {
    auto it = seen.find(p.id);
    if (it == seen.end()) continue;
    p.status = it->second.c.status;
    p.department = it->second.department;
    p.pending_extension = it->second.pending_extension;
    p.conflicts = 0;
  }

  // 2. The listing: one case per key, none unknown, every acknowledged one present.
  const auto listed = listing(addr);
  out.listed = listed.size();
  {
    auto found = check_listing(state, listed, preexisting_);
    out.violations.insert(out.violations.end(), found.begin(), found.end());
  }
  const auto by_key = ids_by_key(listed);

  // 3. Idempotency-Key retries: every key never acknowledged (in flight at the kill or
  // refused), the last load's keys, and a sample of older ones.
  std::vector<std::string> keys(state.pending_keys.begin(), state.pending_keys.end());
  {
    std::lock_guard<std::mutex> lock(recent_mutex_);
    std::vector<std::string> older;
    for (const auto& [key, id] : state.key_to_id) {
      if (recent_keys_.count(key)) keys.push_back(key);
      else older.push_back(key);
    }
    std::shuffle(older.begin(), older.end(), rng_);
    const std::size_t sample = full ? older.size() : std::min<std::size_t>(older.size(), 200);
    keys.insert(keys.end(), older.begin(), older.begin() + static_cast<long>(sample));
  }
  std::set<std::string> cut_creates;
  {
    std::lock_guard<std::mutex> lock(recent_mutex_);
    cut_creates = cut_creates_;
  }
  std::vector<case_plan> adopted;
  parallel(addr, keys, [&](http_connection& conn, const std::string& key) {
    header_list headers = auth();
    headers.emplace_back("Idempotency-Key", key);
    const auto body = create_body(key);
    replay_answer answers[2];
    std::optional<case_reply> first_case;
    for (auto& a : answers) {
      if (!conn.is_open()) conn = http_connection(addr, request_timeout);
      const auto r = patient_request(conn, "POST", "/api/v1/cases", body, headers, busy);
      a.status = r.status;
      a.replayed = r.header("Idempotent-Replay") == "true";
      auto c = parse_case_reply(r.body);
      if (c) a.id = c->c.id;
      else a.error = excerpt(r.body);
      if (!first_case && c) first_case = std::move(c);
    }
    const auto acked = state.key_to_id.find(key);
    const std::optional<std::string> acked_id =
        acked == state.key_to_id.end() ? std::nullopt : std::optional<std::string>(acked->second);
    const auto lk = by_key.find(key);
    static const std::set<std::string> no_ids;
    auto found = check_replay(key, acked_id, lk == by_key.end() ? no_ids : lk->second, answers[0],
                              answers[1]);
    std::optional<case_plan> plan;
    if (!acked_id && found.empty() && first_case && !first_case->c.history.empty()) {
      // The key now names one case: acknowledged from here on, and driven by later loads.
      const auto& h = first_case->c.history;
      acked_transition first{first_case->c.id, "create", "", h.front().seq, h.front().type,
                             h.front().status, {h.front().type}};
      ledger_->ack_create(key, first_case->c.id, first);
      case_plan p;
      p.id = first_case->c.id;
      p.key = key;
      p.status = first_case->c.status;
      p.department = first_case->department;
      p.pending_extension = first_case->pending_extension;
      plan = std::move(p);
    }
    std::lock_guard<std::mutex> lock(mutex);
    ++out.keys_retried;
    if (cut_creates.count(key)) {
      ++out.cut_creates_retried;
      if (answers[0].status == 200) ++out.cut_creates_landed;
    }
    out.violations.insert(out.violations.end(), found.begin(), found.end());
    if (plan) adopted.push_back(std::move(*plan));
  });
  for (auto& p : adopted)
    if (!is_terminal_status(p.status)) open_plans_.push_back(std::move(p));
  out.busy_answers = busy.load();
  return out;
}

void runner::report(const std::vector<violation>& violations) {
  constexpr std::size_t shown = 200;
  for (std::size_t i = 0; i < violations.size(); ++i) {
    ledger_->note("violation\t" + violations[i].to_string());
    if (i < shown) std::cout << "VIOLATION " << violations[i].to_string() << "\n";
  }
  if (violations.size() > shown)
    std::cout << "... and " << violations.size() - shown << " more (all in " << log_path_
              << ")\n";
  std::cout.flush();
}

void runner::cleanup(bool failed) {
  log_.flush();
  if (work_dir_.empty()) return;  // the caller's --data directory is never removed
  if (failed && opt_.keep) {
    std::cout << "kept " << work_dir_ << " (data " << data_dir_ << ", ack log " << log_path_
              << ", service log " << service_log_ << ")\n";
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(work_dir_, ec);
}

int runner::run() {
  const auto began = steady::now();
  prepare_dirs();
  {
    std::ostringstream id;
    id << "s" << opt_.seed << "-" << std::hex
       << (static_cast<std::uint64_t>(wall_ms()) & 0xffffff);
    run_id_ = id.str();
  }
  const bool soak = opt_.soak_hours > 0;
  const auto soak_until =
      began + std::chrono::duration_cast<steady::duration>(
                  std::chrono::duration<double>(opt_.soak_hours * 3600.0));
  std::cout << "cityops-crash: seed " << opt_.seed << ", " << opt_.workers << " workers, kill in ["
            << fixed(opt_.kill_min_s >= 0 ? std::min(opt_.kill_min_s, opt_.duration_s)
                                           : opt_.duration_s / 5)
            << ", " << fixed(opt_.duration_s) << "] s, "
            << (soak ? "soak " + fixed(opt_.soak_hours, 3) + " h"
                     : std::to_string(opt_.iterations) + " iterations")
            << "\n  data " << data_dir_ << "\n  ack log " << log_path_ << "\n  service log "
            << service_log_ << "\n";
  std::cout.flush();
  ledger_->note("run\t" + run_id_ + "\tseed " + std::to_string(opt_.seed));

  std::unique_ptr<cityopsd_process> svc;
  std::size_t kills = 0, cases_checked = 0, transitions_checked = 0, keys_retried = 0;
  std::size_t cut_landed = 0, cut_total = 0;
  try {
    svc = start_service();
    preexisting_ = list_ids(svc->address());
    if (!preexisting_.empty())
      std::cout << "  " << preexisting_.size()
                << " cases were in the data directory already (not checked)\n";
    for (int iteration = 1;; ++iteration) {
      const auto t0 = steady::now();
      std::string load_summary;
      run_load(*svc, iteration, load_summary);
      svc.reset();
      const auto t1 = steady::now();
      svc = start_service();
      const double restart_s = seconds_since(t1);
      const bool last = soak ? steady::now() >= soak_until : iteration >= opt_.iterations;
      const bool full = last || iteration % 10 == 0;
      auto result = verify(svc->address(), full);
      ++kills;
      cases_checked += result.cases_checked;
      transitions_checked += result.transitions_checked;
      keys_retried += result.keys_retried;
      cut_landed += result.cut_actions_landed + result.cut_creates_landed;
      cut_total += result.cut_actions_read + result.cut_creates_retried;
      {
        std::lock_guard<std::mutex> lock(violations_mutex_);
        result.violations.insert(result.violations.begin(), load_violations_.begin(),
                                 load_violations_.end());
        load_violations_.clear();
      }
      std::cout << "iteration " << iteration;
      if (!soak) std::cout << "/" << opt_.iterations;
      std::cout << " [" << fixed(seconds_since(began), 0) << "s]: " << load_summary
                << "; restart " << fixed(restart_s) << "s; verified "
                << result.cases_checked << " cases" << (full ? " (all)" : "") << ", "
                << result.transitions_checked << " transitions, " << result.keys_retried
                << " keys retried, " << result.listed << " listed; cut by the kill and landed: "
                << result.cut_actions_landed << "/" << result.cut_actions_read << " actions, "
                << result.cut_creates_landed << "/" << result.cut_creates_retried
                << " creates;" << (result.busy_answers ? " SERVICE BUSY (503/504) " +
                                                                  std::to_string(result.busy_answers) +
                                                                  "x during verification;"
                                                            : std::string())
                << " ledger "
                << ledger_->case_count() << " cases, " << ledger_->transition_count()
                << " transitions; " << fixed(seconds_since(t0)) << "s: "
                << (result.violations.empty() ? "OK" : "FAILED") << std::endl;
      if (!result.violations.empty()) {
        report(result.violations);
        std::cout << "cityops-crash: " << result.violations.size()
                  << " violation(s) after iteration " << iteration << " (seed " << opt_.seed
                  << ")" << std::endl;
        svc->kill9();
        cleanup(true);
        return 1;
      }
      if (last) break;
    }
    const int status = svc->terminate(std::chrono::seconds(60));
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      std::cout << "warning: cityopsd did not stop cleanly on SIGTERM (status " << status
                << ")\n";
  } catch (const std::exception& e) {
    std::cout << "cityops-crash: harness failure: " << e.what() << std::endl;
    if (svc) svc->kill9();
    cleanup(true);
    return 2;
  }
  std::cout << "cityops-crash: OK — " << kills << " kill -9 cycles; " << ledger_->case_count()
            << " acknowledged cases and " << ledger_->transition_count()
            << " acknowledged transitions, all intact (" << cases_checked << " case reads, "
            << transitions_checked << " transition checks, " << keys_retried
            << " Idempotency-Key retries, no duplicates); " << cut_landed << " of " << cut_total
            << " requests cut by the kills had landed; " << fixed(seconds_since(began), 1)
            << " s" << std::endl;
  cleanup(false);
  return 0;
}

}  // namespace

int run_crash_test(const crash_options& options) {
  runner r(options);
  return r.run();
}

}  // namespace cityops::crash
