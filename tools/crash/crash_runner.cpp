#include "tools/crash/crash_runner.hpp"

#include "tools/crash/crash_runner_impl.hpp"

namespace cityops::crash {

namespace detail {

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

// cityopsd on 127.0.0.1:0 over the data directory with the run's admin token; its stdout and
// stderr (the access log: a line per request) go to the service log, not the terminal.
std::unique_ptr<service_process> runner::start_service() {
  return std::make_unique<service_process>(
      opt_.cityopsd, std::vector<std::string>{"--listen", "127.0.0.1:0", "--data", data_dir_},
      std::chrono::seconds(opt_.ready_timeout_s),
      service_process::env_list{{"CITYOPS_ADMIN_TOKEN", admin_token}}, service_log_);
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

  std::unique_ptr<service_process> svc;
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
    const int status = svc->stop(SIGTERM, std::chrono::seconds(60));
    svc->kill9();  // when it did not stop in time
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

}  // namespace detail

int run_crash_test(const crash_options& options) {
  detail::runner r(options);
  return r.run();
}

}  // namespace cityops::crash
