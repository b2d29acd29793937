#include "runtime/daily_reporter.hpp"

#include <algorithm>
#include <functional>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/domain/daily_report.hpp"
#include "actors/domain/iso_time.hpp"
#include "actors/domain/kpi_calculator.hpp"
#include "actors/letter_protocol.hpp"
#include "actors/oversight_protocol.hpp"
#include "actors/protocol.hpp"
#include "actors/report_protocol.hpp"
#include "actors/scenario_protocol.hpp"
#include "config/civil_date.hpp"
#include "gateway/kpi_json.hpp"
#include "gateway/report_render.hpp"
#include "storage/kpi_store.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<daily_reporter_state>*;
using done_fn = std::function<void(caf::expected<daily_report_doc>)>;

constexpr std::uint32_t page_limit = 1000;
constexpr int max_pages = 50;          // per listing: a day's alerts or letters
constexpr std::uint32_t overdue_listed = 30;

std::int64_t day_start_ms(std::int64_t day) {
  return day * domain::ms_per_day - domain::china_offset_ms;
}

// The day's, the previous day's and the week-before's counters of `scope`.
domain::day_triple triple(const storage::kpi_reader& reader, std::string id, std::string name,
                          const std::string& scope, std::int64_t day) {
  domain::day_triple t{std::move(id), std::move(name), {}, {}, {}};
  storage::kpi_rows rows;
  if (!reader.read(scope, day - 7, day, rows).is_ok()) return t;
  for (auto& [d, c] : rows.days) {
    if (d == day) t.day = std::move(c);
    if (d == day - 1) t.previous_day = std::move(c);
    if (d == day - 7) t.week_before = std::move(c);
  }
  return t;
}

void read_kpis(const daily_reporter_state& st, std::int64_t day, domain::daily_report_input& in) {
  const storage::kpi_reader reader(*st.events);
  const auto& city = *st.city;
  const auto* root = city.find_node(city.city_id);
  in.city = triple(reader, city.city_id, root ? root->name : city.city_id,
                   domain::kpi_node_scope(city.city_id), day);
  if (!reader.read_gauges(domain::kpi_node_scope(city.city_id), in.city_now).is_ok())
    in.city_now = {};
  for (const auto& n : city.nodes()) {
    if (n.tier == config::tier::district)
      in.districts.push_back(triple(reader, n.id, n.name, domain::kpi_node_scope(n.id), day));
    else if (n.tier == config::tier::street)
      in.streets.push_back(triple(reader, n.id, n.name, domain::kpi_node_scope(n.id), day));
  }
  const auto date = config::civil_from_days(day);
  const auto month_start = config::days_from_civil({date.year, date.month, 1});
  for (const auto& d : city.departments()) {
    storage::kpi_rows rows;
    if (!reader.read(domain::kpi_department_scope(d.id), month_start, day, rows).is_ok()) continue;
    domain::kpi_counters month;
    for (const auto& [x, c] : rows.days) month.add(c);
    in.departments.push_back({d.id, d.name, std::move(month)});
  }
  for (const auto& c : city.categories()) in.category_names.emplace_back(c.code, c.name);
}

// What the gathering waits for, shared by the requests' handlers (they own it: `finish` must
// not, or the two would keep each other alive).
struct gathering {
  domain::daily_report_input input;
  int pending = 0;
  bool failed = false;
  std::function<void(gathering&)> finish;
  void one_done() {
    if (--pending == 0) finish(*this);
  }
};

std::int64_t listing_time(const domain::alert& a) {
  return a.status == domain::alert_status::open    ? a.at_ms
         : a.status == domain::alert_status::acked ? a.acked_at_ms
                                                   : a.closed_at_ms;
}

// Pages through one alert status, newest first, keeping the alerts raised on the day, until
// the listing is older than the day.
void gather_alerts(self_ptr self, std::shared_ptr<gathering> g, domain::alert_status status,
                   std::string cursor, int page) {
  alert_query q;
  q.status = status;
  q.cursor = std::move(cursor);
  q.limit = page_limit;
  const auto from = day_start_ms(g->input.day);
  const auto to = from + domain::ms_per_day;
  self->request(self->state.store, caf::infinite, alert_atom::value, list_atom::value, q)
      .then(
          [self, g, status, page, from, to](alert_list& l) {
            bool older = false;
            for (auto& a : l.items) {
              if (a.at_ms >= from && a.at_ms < to) g->input.alerts.push_back(std::move(a));
              if (listing_time(a) < from) older = true;
            }
            if (!older && !l.next_cursor.empty() && page + 1 < max_pages)
              return gather_alerts(self, g, status, l.next_cursor, page + 1);
            g->one_done();
          },
          [g](caf::error&) {
            g->failed = true;
            g->one_done();
          });
}

void gather_letters(self_ptr self, std::shared_ptr<gathering> g, std::string cursor, int page) {
  letter_query q;
  q.cursor = std::move(cursor);
  q.limit = page_limit;
  const auto from = day_start_ms(g->input.day);
  const auto to = from + domain::ms_per_day;
  self->request(self->state.store, caf::infinite, letter_atom::value, list_atom::value, q)
      .then(
          [self, g, page, from, to](letter_list& l) {
            bool older = false;
            for (auto& x : l.items) {
              if (x.issued_ms >= from && x.issued_ms < to) g->input.letters.push_back(std::move(x));
              if (x.issued_ms < from) older = true;
            }
            if (!older && !l.next_cursor.empty() && page + 1 < max_pages)
              return gather_letters(self, g, l.next_cursor, page + 1);
            g->one_done();
          },
          [g](caf::error&) {
            g->failed = true;
            g->one_done();
          });
}

void gather_overdue(self_ptr self, std::shared_ptr<gathering> g) {
  case_query q;
  q.overdue_only = true;
  q.limit = overdue_listed;
  self->request(self->state.store, caf::infinite, query_atom::value, q)
      .then(
          [g](case_list& l) {
            g->input.overdue = std::move(l.items);
            g->one_done();
          },
          [g](caf::error&) {
            g->failed = true;
            g->one_done();
          });
}

// The open cases waiting at the city centre and on each city department.
void gather_at_city(self_ptr self, std::shared_ptr<gathering> g) {
  const auto& city = *self->state.city;
  std::vector<std::pair<std::string, std::string>> parties{{"node", city.city_id}};
  for (const auto& d : city.departments())
    if (d.tier == config::tier::city) parties.emplace_back("department", d.id);
  g->pending += static_cast<int>(parties.size()) - 1;  // one was counted for the whole step
  for (const auto& [kind, id] : parties)
    self->request(self->state.store, caf::infinite, load_atom::value, kind, id)
        .then(
            [g](case_list& l) {
              for (auto& c : l.items) g->input.at_city.push_back(std::move(c));
              g->one_done();
            },
            [g](caf::error&) {
              g->failed = true;
              g->one_done();
            });
}

// The snow response's audit log, newest first, back to its last lifecycle event before the
// day (which fixes the level the day began with); handed on oldest first.
void gather_snow(self_ptr self, std::shared_ptr<gathering> g, std::uint64_t before, int page) {
  const auto from = day_start_ms(g->input.day);
  history_request q{std::string(domain::snow_scenario_name), before, page_limit};
  self->request(self->state.store, caf::infinite, scenario_atom::value, history_atom::value, q)
      .then(
          [self, g, page, from](std::vector<domain::scenario_event>& items) {
            bool reached = false;
            for (auto& e : items) {
              reached = reached || (e.at_ms < from && domain::is_lifecycle_kind(e.kind));
              g->input.snow_events.push_back(std::move(e));
            }
            const auto& events = g->input.snow_events;
            if (!reached && items.size() == page_limit && page + 1 < max_pages)
              return gather_snow(self, g, events.back().seq, page + 1);
            std::reverse(g->input.snow_events.begin(), g->input.snow_events.end());
            g->one_done();
          },
          [g](caf::error&) {
            // The report goes out without its snow section rather than not at all.
            g->input.snow_events.clear();
            g->one_done();
          });
}

caf::error storage_failure(const std::string& what) {
  return make_domain_error(domain::field_error(domain::error_code::storage_failure, "", what));
}

// Builds the report of `day`; a past day is numbered and stored (unless one is stored already:
// then that one is the answer).
void generate(self_ptr self, std::int64_t day, done_fn done) {
  auto& st = self->state;
  auto g = std::make_shared<gathering>();
  g->input.day = day;
  read_kpis(st, day, g->input);
  g->input.overdue_total = g->input.city_now.get(domain::kpi_field::overdue_now);
  g->pending = 7;
  g->finish = [self, day, done](gathering& g) {
    auto& st = self->state;
    if (g.failed) return done(storage_failure("daily report: the store did not answer"));
    const auto report = domain::build_daily_report(g.input);
    const auto now = st.clock->now_ms();
    const bool provisional = day >= domain::china_local_day(now);
    gateway::report_heading h;
    h.issuer = st.settings.issuer;
    h.provisional = provisional;
    h.generated_ms = now;
    const auto year = config::civil_from_days(day).year;
    storage::stored_report stored;
    if (!provisional) {
      if (auto s = st.reports->next_number(year, h.number); !s.is_ok())
        return done(storage_failure(s.message()));
      h.title = domain::daily_report_title(st.settings.issuer, year, h.number);
    } else {
      h.title = st.settings.issuer + " 每日信息（" + gateway::day_text(day) + "，临时）";
    }
    daily_report_doc doc{day, h.number, provisional,
                         gateway::daily_report_json(report, h, *st.city),
                         gateway::daily_report_html(report, h, *st.city)};
    if (!provisional) {
      stored = {day, year, h.number, now, doc.json, doc.html};
      if (auto s = st.reports->publish_daily(stored); !s.is_ok()) {
        storage::stored_report first;
        if (!st.reports->find_daily(day, first).is_ok()) return done(storage_failure(s.message()));
        return done(daily_report_doc{day, first.number, false, first.json, first.html});
      }
    }
    done(std::move(doc));
  };
  for (auto status : {domain::alert_status::open, domain::alert_status::acked,
                      domain::alert_status::closed})
    gather_alerts(self, g, status, "", 0);
  gather_letters(self, g, "", 0);
  gather_overdue(self, g);
  gather_at_city(self, g);
  gather_snow(self, g, 0, 0);
}

// The stored report of `day`, or a new one.
void answer(self_ptr self, std::int64_t day, done_fn done) {
  storage::stored_report stored;
  if (self->state.reports->find_daily(day, stored).is_ok())
    return done(daily_report_doc{day, stored.number, false, stored.json, stored.html});
  generate(self, day, std::move(done));
}

// Waits until the next daily time (local), then makes the day before's report.
void schedule(self_ptr self) {
  auto& st = self->state;
  const auto now = st.clock->now_ms();
  const auto today = domain::china_local_day(now);
  auto next = day_start_ms(today) + st.settings.daily_at_minute * 60'000LL;
  if (next <= now) next += domain::ms_per_day;
  self->delayed_send(self, std::chrono::milliseconds(next - now), daily_tick_atom::value,
                     ++st.tick);
}

void make_yesterdays(self_ptr self) {
  const auto yesterday = domain::china_local_day(self->state.clock->now_ms()) - 1;
  answer(self, yesterday, [yesterday](caf::expected<daily_report_doc> r) {
    if (!r)
      spdlog::error("daily report of day {} not made: {}", yesterday, caf::to_string(r.error()));
    else
      spdlog::info("daily report {} published", r->number);
  });
}

}  // namespace

caf::behavior daily_reporter(self_ptr self, const config::city_model* city,
                             const wall_clock* clock, caf::actor store,
                             std::shared_ptr<const storage::event_store> events,
                             std::shared_ptr<storage::report_store> reports,
                             config::report_settings settings) {
  auto& st = self->state;
  st.city = city;
  st.clock = clock;
  st.store = std::move(store);
  st.events = std::move(events);
  st.reports = std::move(reports);
  st.settings = std::move(settings);
  st.settings.daily_at_minute = std::clamp(st.settings.daily_at_minute, 0, 24 * 60 - 1);
  if (st.settings.daily) {
    const auto now = clock->now_ms();
    const auto minute = (now - day_start_ms(domain::china_local_day(now))) / 60'000;
    if (minute >= st.settings.daily_at_minute) make_yesterdays(self);
    schedule(self);
  }
  return {
      [self](daily_atom, get_atom, std::int64_t day) -> caf::result<daily_report_doc> {
        if (day > domain::china_local_day(self->state.clock->now_ms()))
          return make_domain_error(domain::field_error(domain::error_code::invalid_field, "date",
                                                       "the date is in the future"));
        auto rp = self->make_response_promise<daily_report_doc>();
        answer(self, day, [rp](caf::expected<daily_report_doc> r) mutable {
          if (r)
            rp.deliver(std::move(*r));
          else
            rp.deliver(std::move(r.error()));
        });
        return rp;
      },
      [self](daily_tick_atom, std::uint64_t tick) {
        if (tick != self->state.tick) return;
        make_yesterdays(self);
        schedule(self);
      },
  };
}

}  // namespace cityops
