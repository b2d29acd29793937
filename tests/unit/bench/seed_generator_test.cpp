#include "tools/bench/seed_generator.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/iso_time.hpp"
#include "config/city_loader.hpp"
#include "runtime/case_id_allocator.hpp"
#include "storage/index_keys.hpp"

using namespace cityops;
using namespace cityops::bench;
using domain::case_action;
using domain::event_type;

namespace {

constexpr std::int64_t now_ms = 1'795'000'000'000;  // 2026-11-18 19:06:40 +08:00

const config::city_model& city() { return config::default_city().city; }

seed_options options(std::uint32_t days = 120) {
  seed_options o;
  o.now_ms = now_ms;
  o.days = days;
  return o;
}

// The action a client (or the SLA clock, or a centre) takes to produce `e`, with the fields
// the event records; nullopt for event types the generator never makes.
std::optional<domain::action_request> action_for(const domain::case_event& e) {
  domain::action_request q;
  q.by = e.by;
  q.reason = e.reason;
  switch (e.type) {
    case event_type::verified: q.action = case_action::verify; q.category = e.category; break;
    case event_type::rejected: q.action = case_action::reject; break;
    case event_type::accepted: q.action = case_action::accept; q.category = e.category; break;
    case event_type::dispatched: q.action = case_action::dispatch; q.department = e.department; break;
    case event_type::returned: q.action = case_action::return_case; break;
    case event_type::escalated: q.action = case_action::escalate; break;
    case event_type::started: q.action = case_action::start; break;
    case event_type::handled: q.action = case_action::handle; q.result = e.result; break;
    case event_type::inspected: q.action = case_action::inspect; q.passed = e.passed; break;
    case event_type::closed: q.action = case_action::close; break;
    case event_type::followed_up:
      q.action = case_action::followup;
      q.satisfaction = e.satisfaction;
      break;
    case event_type::extension_requested:
      q.action = case_action::extend;
      q.until_ms = e.until_ms;
      break;
    case event_type::extended: q.action = case_action::approve_extension; break;
    case event_type::supervised:
      q.action = case_action::supervise;
      q.node = e.supervisor_node;
      break;
    case event_type::merged: q.action = case_action::merge; q.into = e.into; break;
    case event_type::reminded: q.action = case_action::remind; break;
    case event_type::overdue: q.action = case_action::mark_overdue; break;
    default: return std::nullopt;
  }
  return q;
}

// Replays `r.history` through the domain from scratch: the report is decided again from its
// details, every later event decided again by the case machine from the state before it and
// must come out the same. Returns the folded record.
domain::case_record redecide(const domain::case_record& r) {
  const domain::sla_calendar calendar(city().calendar());
  const domain::case_machine machine(city(), calendar);
  REQUIRE_FALSE(r.history.empty());
  const auto& first = r.history.front();
  REQUIRE(first.type == event_type::reported);
  domain::new_case n;
  n.source = first.report.source;
  n.text = first.report.text;
  n.category = first.report.category;
  if (first.report.has_location) {
    n.lat = first.report.lat;
    n.lon = first.report.lon;
  } else {
    n.node = first.node;
  }
  n.address = first.report.address;
  n.reporter_hash = first.report.reporter_hash;
  n.reporter_name = first.report.reporter_name;
  n.media = first.report.media;
  n.priority = first.report.priority;
  n.reported_by = first.report.reported_by;
  auto again = domain::decide_report(n, first.at_ms, city(), calendar);
  REQUIRE(again.ok());
  CHECK(again->node == first.node);
  CHECK(again->department == first.department);
  CHECK(again->deadline_ms == first.deadline_ms);
  CHECK(again->location_path == first.location_path);

  domain::case_record state;
  state.id = r.id;
  domain::apply(state, first);
  for (std::size_t i = 1; i < r.history.size(); ++i) {
    const auto& e = r.history[i];
    INFO(r.id << " event " << e.seq << " " << domain::to_string(e.type));
    const auto q = action_for(e);
    REQUIRE(q.has_value());
    auto decided = machine.decide(state, *q, e.at_ms);
    if (!decided.ok()) FAIL(decided.error().message);
    CHECK(decided->seq == e.seq);
    CHECK(decided->type == e.type);
    CHECK(decided->status == e.status);
    CHECK(decided->node == e.node);
    CHECK(decided->department == e.department);
    CHECK(decided->deadline_ms == e.deadline_ms);
    domain::apply(state, e);
  }
  return state;
}

std::vector<domain::case_record> generate(const seed_generator& gen, std::size_t n,
                                          std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto per_day = gen.cases_per_day(n, rng);
  std::vector<domain::case_record> out;
  std::map<std::string, std::uint64_t> next_seq;
  for (std::uint32_t d = 0; d < per_day.size(); ++d) {
    const auto times = gen.report_times(gen.day_start_ms(d), per_day[d], rng);
    for (auto t : times) {
      seed_case_input in;
      const auto day = domain::local_day_stamp(t);
      in.id = make_case_id(city().city_id, day, ++next_seq[day]);
      in.report_ms = t;
      if (!out.empty()) in.merge_target = out.back().id;
      out.push_back(gen.make_case(in, rng));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("seed: every generated history is legal and folds to its snapshot", "[bench][seed]") {
  const seed_generator gen(city(), "test-salt", options());
  const auto cases = generate(gen, 1500, 1);
  REQUIRE(cases.size() == 1500);
  std::set<std::string> ids;
  for (const auto& r : cases) {
    INFO(r.id);
    CHECK(domain::plausible_case_id(r.id));
    CHECK(ids.insert(r.id).second);
    // Seqs consecutive, times ordered and never in the future, id day = report day.
    std::int64_t last = 0;
    for (std::size_t i = 0; i < r.history.size(); ++i) {
      CHECK(r.history[i].seq == i + 1);
      CHECK(r.history[i].at_ms >= last);
      CHECK(r.history[i].at_ms <= now_ms);
      last = r.history[i].at_ms;
    }
    CHECK(r.id.substr(5, 8) == domain::local_day_stamp(r.history.front().at_ms));
    const auto folded = redecide(r);
    CHECK(folded.version == r.version);
    CHECK(folded.status == r.status);
    CHECK(folded.node == r.node);
    CHECK(folded.department == r.department);
    CHECK(folded.deadline_ms == r.deadline_ms);
    CHECK(folded.overdue == r.overdue);
    auto snapshot = r;
    snapshot.history.clear();
    CHECK(storage::index_keys(folded) == storage::index_keys(snapshot));
    // The SLA clock has caught up: nothing of an open case is due before `now`.
    const auto due = domain::next_sla_due(r);
    CHECK((due == 0 || due > now_ms));
    // Everything named exists in the city.
    CHECK(city().find_node(r.node) != nullptr);
    if (!r.department.empty()) CHECK(city().find_department(r.department) != nullptr);
    CHECK(city().find_category(r.category) != nullptr);
  }
}

TEST_CASE("seed: the mix has closed, followed-up, rejected, merged and open cases",
          "[bench][seed]") {
  const seed_generator gen(city(), "test-salt", options());
  const auto cases = generate(gen, 3000, 2);
  std::map<domain::case_status, int> by_status;
  int open = 0, overdue_open = 0, escalated_ever = 0, returned_ever = 0, supervised = 0;
  std::set<std::string> departments, nodes, report_nodes;
  for (const auto& r : cases) {
    ++by_status[r.status];
    if (domain::is_open(r.status)) {
      ++open;
      if (r.overdue) ++overdue_open;
    }
    for (const auto& e : r.history) {
      if (e.type == event_type::escalated) ++escalated_ever;
      if (e.type == event_type::returned) ++returned_ever;
      if (e.type == event_type::supervised) ++supervised;
    }
    departments.insert(r.department);
    nodes.insert(r.node);
    report_nodes.insert(r.location_path.back());
  }
  const int closed = by_status[domain::case_status::closed] +
                     by_status[domain::case_status::followed_up];
  CHECK(closed > 3000 * 7 / 10);
  CHECK(by_status[domain::case_status::followed_up] > 0);
  CHECK(by_status[domain::case_status::rejected] > 0);
  CHECK(by_status[domain::case_status::merged] > 0);
  CHECK(open > 30);
  CHECK(overdue_open > 0);
  CHECK(escalated_ever > 0);
  CHECK(returned_ever > 0);
  CHECK(supervised > 0);
  // Open cases at several different steps, spread over many departments and nodes.
  int open_statuses = 0;
  for (const auto& [s, n] : by_status)
    if (domain::is_open(s) && n > 0) ++open_statuses;
  CHECK(open_statuses >= 4);
  CHECK(departments.size() > 20);
  CHECK(nodes.size() > 200);         // current nodes: escalated cases sit higher up
  CHECK(report_nodes.size() > 500);  // communities reported at
}

TEST_CASE("seed: the same seed gives the same cases", "[bench][seed]") {
  const seed_generator gen(city(), "test-salt", options(30));
  const auto a = generate(gen, 200, 9);
  const auto b = generate(gen, 200, 9);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].id == b[i].id);
    CHECK(a[i].version == b[i].version);
    CHECK(a[i].status == b[i].status);
    CHECK(a[i].updated_ms == b[i].updated_ms);
    CHECK(a[i].report.reporter_hash == b[i].report.reporter_hash);
  }
}

TEST_CASE("seed: days get their share, report times stay within the day and before now",
          "[bench][seed]") {
  const seed_generator gen(city(), "test-salt", options(90));
  std::mt19937_64 rng(5);
  const auto per_day = gen.cases_per_day(100'000, rng);
  REQUIRE(per_day.size() == 90);
  CHECK(std::accumulate(per_day.begin(), per_day.end(), std::uint64_t{0}) == 100'000);
  for (std::size_t d = 0; d + 1 < per_day.size(); ++d) CHECK(per_day[d] > 300);
  CHECK(gen.day_start_ms(89) <= now_ms);
  CHECK(gen.day_start_ms(89) + domain::ms_per_day > now_ms);
  CHECK(domain::local_day_stamp(gen.day_start_ms(89)) == domain::local_day_stamp(now_ms));
  for (std::uint32_t d : {0u, 45u, 89u}) {
    const auto start = gen.day_start_ms(d);
    const auto times = gen.report_times(start, 500, rng);
    REQUIRE(times.size() == 500);
    CHECK(std::is_sorted(times.begin(), times.end()));
    CHECK(times.front() >= start);
    CHECK(times.back() < start + domain::ms_per_day);
    CHECK(times.back() <= now_ms);
  }
}

TEST_CASE("seed: a new case as intake leaves it", "[bench][seed]") {
  const seed_generator gen(city(), "test-salt", options());
  std::mt19937_64 rng(4);
  const auto r = gen.make_reported("3706-20261118-000001", now_ms, rng);
  REQUIRE(r.history.size() == 1);
  CHECK(r.version == 1);
  CHECK(r.status == domain::case_status::reported);
  CHECK(r.created_ms == now_ms);
  CHECK(city().find_node(r.node) != nullptr);
  CHECK(r.deadline_ms > now_ms);
}
