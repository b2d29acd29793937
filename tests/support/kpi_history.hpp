#pragma once
// Ten cases of the two-district test city over three local days — Sunday 2026-11-29 (A),
// Monday 11-30 (B), Tuesday 12-01 (C) — built by domain::decide_report and the case machine
// and cut into the writes the service would commit (a case's events between two commits,
// with its state before and after). The KPI tests count them by hand (kpi_calculator_test,
// kpi_summary_test), the store tests append them (kpi_store_test) and the recomputation
// checks its reference against them. All cases are 0101 (24 h SLA: due a day after the
// report) but K10 (0601, 2 working days). D1 = 990001.urban_mgmt, D2 = 990002.urban_mgmt.
//
//   K1  990001001001 hotline A 09:00  accept, D1 10:00, handled 15:00, closed A 17:00 on
//                                     time; 回访 5 on B 09:00
//   K2  990001001002 grid    A 10:00  report+verify+accept+D1 in one write (11:00);
//                                     overdue B 10:00, handled B 14:00, closed late B 16:00
//   K3  990001002001 app     B 08:00  D1 09:00, returned by D1 10:00, D2 11:00, transferred
//                                     to D1 12:00, handled 17:00, closed B 19:00; 回访 4 C 10:00
//   K4  990002001001 hotline B 09:00  D2 10:00, handled 12:00, inspection fails 13:00 (返工),
//                                     handled 16:00, closed B 18:00; 回访 2 on C 11:00
//   K5  990002001001 video   B 14:00  D2 15:00, started; extension granted C 10:00 (open)
//   K6  990001001001 hotline A 20:00  accepted, never dispatched: overdue B 20:00, 督办 by the
//                                     district C 09:00 (open, overdue, at its community)
//   K7  990001002001 app     C 08:00  rejected C 08:30
//   K8  990001001001 hotline A 09:30  merged into K1 A 09:45
//   K9  990002001001 grid    C 09:00  accepted, escalated three rings to the city by 09:40
//                                     (open at the city)
//   K10 990001002001 iot     C 10:00  no category; verify as 0601 10:10, D1 C 11:00 (open)

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/case_machine.hpp"
#include "actors/domain/iso_time.hpp"
#include "config/civil_date.hpp"
#include "tests/support/test_city.hpp"

namespace cityops::testing {

// One committed write of a case: `before` is nullopt for a new case.
struct kpi_write {
  std::optional<domain::case_record> before;
  std::vector<domain::case_event> events;
  domain::case_record after;  // history empty, like a stored snapshot
};

inline const char* const kpi_d1 = "990001.urban_mgmt";
inline const char* const kpi_d2 = "990002.urban_mgmt";

// Local (UTC+8) time on day A + `day` (0, 1, 2) at hh:mm.
inline std::int64_t kpi_at(int day, int hour, int minute = 0) {
  const auto a = config::days_from_civil({2026, 11, 29});
  return (a + day) * domain::ms_per_day - domain::china_offset_ms +
         hour * domain::ms_per_hour + minute * 60'000LL;
}
inline std::int64_t kpi_day(int day) { return config::days_from_civil({2026, 11, 29}) + day; }

class kpi_case_builder {
 public:
  kpi_case_builder(const config::city_model& city, const domain::case_machine& machine,
                   const domain::sla_calendar& calendar, std::vector<kpi_write>& out)
      : city_(city), machine_(machine), calendar_(calendar), out_(out) {}

  // Starts case `id`: reported at `node` by `source` at `at` (category "" = unclassified).
  kpi_case_builder& report(const std::string& id, const std::string& node,
                           domain::case_source source, const std::string& category,
                           std::int64_t at,
                           domain::case_priority priority = domain::case_priority::normal) {
    domain::new_case n;
    n.source = source;
    n.text = "井盖缺失";
    n.category = category;
    n.node = node;
    n.priority = priority;
    auto ev = domain::decide_report(n, at, city_, calendar_);
    if (!ev.ok()) throw std::logic_error(id + ": report refused: " + ev.error().message);
    rec_ = {};
    rec_.id = id;
    committed_.reset();
    pending_.clear();
    take(std::move(*ev));
    return *this;
  }

  // One move; it joins the pending write (commit() ends it).
  kpi_case_builder& move(domain::action_request q, std::int64_t at) {
    if (q.by.empty()) q.by = "seat-1";
    if (q.reason.empty()) q.reason = "原因";
    auto ev = machine_.decide(rec_, q, at);
    if (!ev.ok())
      throw std::logic_error(rec_.id + ": " + std::string(domain::to_string(q.action)) +
                             " refused: " + ev.error().message);
    take(std::move(*ev));
    return *this;
  }
  kpi_case_builder& move(domain::case_action a, std::int64_t at) {
    domain::action_request q;
    q.action = a;
    return move(q, at);
  }
  kpi_case_builder& dispatch(const std::string& department, std::int64_t at) {
    domain::action_request q;
    q.action = domain::case_action::dispatch;
    q.department = department;
    return move(q, at);
  }

  // Ends the pending write.
  kpi_case_builder& commit() {
    if (pending_.empty()) return *this;
    kpi_write w;
    w.before = committed_;
    w.events = std::move(pending_);
    w.after = rec_;
    w.after.history.clear();
    out_.push_back(std::move(w));
    committed_ = out_.back().after;
    pending_.clear();
    return *this;
  }
  // Every move its own write.
  kpi_case_builder& step(domain::action_request q, std::int64_t at) { return move(q, at).commit(); }
  kpi_case_builder& step(domain::case_action a, std::int64_t at) { return move(a, at).commit(); }

  const domain::case_record& record() const { return rec_; }

 private:
  void take(domain::case_event ev) {
    domain::apply(rec_, ev);
    rec_.history.push_back(ev);
    pending_.push_back(std::move(ev));
  }

  const config::city_model& city_;
  const domain::case_machine& machine_;
  const domain::sla_calendar& calendar_;
  std::vector<kpi_write>& out_;
  domain::case_record rec_;
  std::optional<domain::case_record> committed_;
  std::vector<domain::case_event> pending_;
};

struct kpi_history {
  std::vector<kpi_write> writes;            // commit order (by the time of the first event)
  std::vector<domain::case_record> cases;   // final states with their whole history
};

inline domain::action_request kpi_request(domain::case_action a) {
  domain::action_request q;
  q.action = a;
  return q;
}

inline kpi_history make_kpi_history(const config::city_model& city) {
  using a = domain::case_action;
  using src = domain::case_source;
  const domain::sla_calendar calendar(city.calendar());
  const domain::case_machine machine(city, calendar);
  kpi_history h;
  kpi_case_builder b(city, machine, calendar, h.writes);
  const auto done = [&] { h.cases.push_back(b.commit().record()); };
  const auto handle = [](std::int64_t at, auto& builder) {
    auto q = kpi_request(a::handle);
    q.result = "已处置";
    builder.step(q, at);
  };
  const auto inspect = [](bool passed, std::int64_t at, auto& builder) {
    auto q = kpi_request(a::inspect);
    q.passed = passed;
    builder.step(q, at);
  };
  const auto followup = [](std::int32_t score, std::int64_t at, auto& builder) {
    auto q = kpi_request(a::followup);
    q.satisfaction = score;
    builder.step(q, at);
  };

  // K1: on time, 回访 5.
  b.report("9900-20261129-000001", "990001001001", src::hotline, "0101", kpi_at(0, 9)).commit();
  b.move(a::verify, kpi_at(0, 9, 10)).move(a::accept, kpi_at(0, 9, 20)).commit();
  b.dispatch(kpi_d1, kpi_at(0, 10)).commit().step(a::start, kpi_at(0, 11));
  handle(kpi_at(0, 15), b);
  inspect(true, kpi_at(0, 16), b);
  b.step(a::close, kpi_at(0, 17));
  followup(5, kpi_at(1, 9), b);
  done();
  // K2: the system's first moves in one write; overdue, then closed late.
  b.report("9900-20261129-000002", "990001001002", src::grid, "0101", kpi_at(0, 10))
      .move(a::verify, kpi_at(0, 10))
      .move(a::accept, kpi_at(0, 10))
      .dispatch(kpi_d1, kpi_at(0, 11))
      .commit()
      .step(a::start, kpi_at(0, 12))
      .step(a::mark_overdue, kpi_at(1, 10));
  handle(kpi_at(1, 14), b);
  inspect(true, kpi_at(1, 15), b);
  b.step(a::close, kpi_at(1, 16));
  done();
  // K3: returned once, re-dispatched, transferred back.
  b.report("9900-20261130-000003", "990001002001", src::app, "0101", kpi_at(1, 8)).commit();
  b.move(a::verify, kpi_at(1, 8, 10)).move(a::accept, kpi_at(1, 8, 20)).commit();
  b.dispatch(kpi_d1, kpi_at(1, 9)).commit();
  b.step(kpi_request(a::return_case), kpi_at(1, 10));
  b.dispatch(kpi_d2, kpi_at(1, 11)).commit();
  {
    auto q = kpi_request(a::transfer);
    q.department = kpi_d1;
    b.step(q, kpi_at(1, 12));
  }
  b.step(a::start, kpi_at(1, 13));
  handle(kpi_at(1, 17), b);
  inspect(true, kpi_at(1, 18), b);
  b.step(a::close, kpi_at(1, 19));
  followup(4, kpi_at(2, 10), b);
  done();
  // K4: a failed inspection and rework; 回访 2.
  b.report("9900-20261130-000004", "990002001001", src::hotline, "0101", kpi_at(1, 9)).commit();
  b.move(a::verify, kpi_at(1, 9, 5)).move(a::accept, kpi_at(1, 9, 10)).commit();
  b.dispatch(kpi_d2, kpi_at(1, 10)).commit().step(a::start, kpi_at(1, 10, 30));
  handle(kpi_at(1, 12), b);
  {
    auto q = kpi_request(a::inspect);
    q.passed = false;
    q.reason = "未整改到位";
    b.step(q, kpi_at(1, 13));
  }
  handle(kpi_at(1, 16), b);
  inspect(true, kpi_at(1, 17), b);
  b.step(a::close, kpi_at(1, 18));
  followup(2, kpi_at(2, 11), b);
  done();
  // K5: an extension, still in progress.
  b.report("9900-20261130-000005", "990002001001", src::video, "0101", kpi_at(1, 14)).commit();
  b.move(a::verify, kpi_at(1, 14, 5)).move(a::accept, kpi_at(1, 14, 10)).commit();
  b.dispatch(kpi_d2, kpi_at(1, 15)).commit().step(a::start, kpi_at(1, 16));
  {
    auto q = kpi_request(a::extend);
    q.until_ms = kpi_at(4, 14);
    b.step(q, kpi_at(2, 9)).step(a::approve_extension, kpi_at(2, 10));
  }
  done();
  // K6: waits for dispatch, goes overdue and is supervised (督办) there.
  b.report("9900-20261129-000006", "990001001001", src::hotline, "0101", kpi_at(0, 20)).commit();
  b.move(a::verify, kpi_at(0, 20, 5)).move(a::accept, kpi_at(0, 20, 10)).commit();
  b.step(a::mark_overdue, kpi_at(1, 20));
  {
    auto q = kpi_request(a::supervise);
    q.node = "990001";
    b.step(q, kpi_at(2, 9));
  }
  done();
  // K7: rejected.
  b.report("9900-20261201-000007", "990001002001", src::app, "0101", kpi_at(2, 8)).commit();
  b.step(a::reject, kpi_at(2, 8, 30));
  done();
  // K8: a duplicate of K1, merged.
  b.report("9900-20261129-000008", "990001001001", src::hotline, "0101", kpi_at(0, 9, 30)).commit();
  b.step(a::verify, kpi_at(0, 9, 40));
  {
    auto q = kpi_request(a::merge);
    q.into = "9900-20261129-000001";
    b.step(q, kpi_at(0, 9, 45));
  }
  done();
  // K9: no department below the city handles 0101: three rings up.
  b.report("9900-20261201-000009", "990002001001", src::grid, "0101", kpi_at(2, 9)).commit();
  b.move(a::verify, kpi_at(2, 9, 5)).move(a::accept, kpi_at(2, 9, 10)).commit();
  b.step(a::escalate, kpi_at(2, 9, 20))
      .step(a::escalate, kpi_at(2, 9, 30))
      .step(a::escalate, kpi_at(2, 9, 40));
  done();
  // K10: classified at verification, dispatched, open.
  b.report("9900-20261201-000010", "990001002001", src::iot, "", kpi_at(2, 10)).commit();
  {
    auto q = kpi_request(a::verify);
    q.category = "0601";
    b.step(q, kpi_at(2, 10, 10));
  }
  b.step(a::accept, kpi_at(2, 10, 20)).dispatch(kpi_d1, kpi_at(2, 11)).commit();
  done();

  std::stable_sort(h.writes.begin(), h.writes.end(), [](const kpi_write& x, const kpi_write& y) {
    return x.events.front().at_ms < y.events.front().at_ms;
  });
  return h;
}

}  // namespace cityops::testing
