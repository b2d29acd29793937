#include "actors/letter_office.hpp"

#include <algorithm>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<letter_office_state>*;

// Letters are loaded in pages of this size at start.
constexpr std::uint32_t load_page_size = 1000;

// Raises the overdue alert of every unanswered letter past its deadline, once per letter
// while this office runs (the board keeps it once across restarts: its id is the letter's).
void look(self_ptr self) {
  auto& st = self->state;
  const auto now = st.clock->now_ms();
  for (const auto& [id, l] : st.unanswered) {
    if (!domain::is_overdue(l, now) || st.raised.count(id) > 0) continue;
    st.raised.insert(id);
    self->send(st.board, alert_atom::value, raise_atom::value, domain::overdue_alert(l, now));
  }
}

void schedule(self_ptr self) {
  self->delayed_send(self, self->state.setup.interval, letter_tick_atom::value,
                     ++self->state.tick);
}

void auto_letter(self_ptr self, const domain::alert& a);

void load_letters(self_ptr self, std::string cursor) {
  letter_query q;
  q.cursor = std::move(cursor);
  q.limit = load_page_size;
  self->request(self->state.store, caf::infinite, letter_atom::value, list_atom::value,
                std::move(q))
      .then(
          [self](letter_list& page) {
            auto& st = self->state;
            for (auto& l : page.items) {
              st.lettered_alerts.insert(l.alert_id);
              if (l.status != domain::letter_status::issued) continue;
              auto id = l.id;
              st.unanswered.insert_or_assign(std::move(id), std::move(l));
            }
            if (!page.next_cursor.empty()) return load_letters(self, page.next_cursor);
            st.loaded = true;
            look(self);
            auto early = std::move(st.early_alerts);
            st.early_alerts.clear();
            for (auto& a : early) auto_letter(self, a);
          },
          [](caf::error& e) {
            spdlog::error("letter office: unanswered letters not loaded: {}",
                          caf::to_string(e));
          });
}

// Fills the office's part of a draft: the department's name, the issuer, the time and the
// reply hours; unknown_department (field `department`) when the city has no such department.
caf::error complete(self_ptr self, domain::letter_draft& d) {
  auto& st = self->state;
  const auto* dept = st.city->find_department(d.department);
  if (!dept)
    return make_domain_error(domain::field_error(domain::error_code::unknown_department,
                                                 "department",
                                                 "unknown department '" + d.department + "'"));
  d.department_name = dept->name;
  d.issuer = st.setup.settings.issuer;
  d.reply_hours = st.setup.settings.reply_hours;
  d.issued_ms = st.clock->now_ms();
  return {};
}

// A letter the store has numbered and kept: unanswered, and its alert has a letter.
void issued(self_ptr self, const domain::risk_letter& l) {
  self->state.lettered_alerts.insert(l.alert_id);
  self->state.unanswered.insert_or_assign(l.id, l);
}

caf::result<domain::risk_letter> issue(self_ptr self, letter_issue req) {
  if (auto err = complete(self, req.draft)) return err;
  auto rp = self->make_response_promise<domain::risk_letter>();
  self->request(self->state.store, caf::infinite, letter_atom::value, issue_atom::value,
                std::move(req))
      .then(
          [self, rp](domain::risk_letter& l) mutable {
            issued(self, l);
            rp.deliver(std::move(l));
          },
          [rp](caf::error& e) mutable { rp.deliver(std::move(e)); });
  return rp;
}

caf::result<domain::risk_letter> reply(self_ptr self, letter_reply req) {
  req.at_ms = self->state.clock->now_ms();
  auto rp = self->make_response_promise<domain::risk_letter>();
  self->request(self->state.store, caf::infinite, letter_atom::value, reply_atom::value,
                std::move(req))
      .then(
          [self, rp](domain::risk_letter& l) mutable {
            self->state.unanswered.erase(l.id);
            rp.deliver(std::move(l));
          },
          [rp](caf::error& e) mutable { rp.deliver(std::move(e)); });
  return rp;
}

// The department an alert concerns: its own, else the one routing gives its category at its
// node; "" when neither (an alert about a place or a caller of no one department).
std::string addressee_of(const config::city_model& city, const domain::alert& a) {
  if (!a.department.empty()) return a.department;
  if (a.category.empty()) return "";
  const auto* d = city.route(a.category, a.node);
  return d ? d->id : "";
}

// The automatic 预警函: an open alert at or above the configured level that concerns a
// department gets a letter by "auto" unless it has one already (issued by hand or by this
// rule, answered or not: the office knows every letter's alert from the store). An
// overdue-letter alert gets none — it is about a letter.
void auto_letter(self_ptr self, const domain::alert& a) {
  auto& st = self->state;
  if (!st.auto_level || a.level < *st.auto_level) return;
  if (a.status != domain::alert_status::open || a.kind == domain::alert_kind::letter_overdue)
    return;
  if (st.lettered_alerts.count(a.id) > 0) return;
  letter_issue req;
  req.alert_id = a.id;
  req.draft.kind = domain::letter_kind::warning;
  req.draft.department = addressee_of(*st.city, a);
  if (req.draft.department.empty()) return;
  req.draft.issued_by = "auto";
  req.draft.facts = "该预警已达" + std::string(domain::level_name(a.level)) +
                    "，按预警规则发函：请核查所附案件，采取措施，并在期限内回复处置情况。";
  if (auto err = complete(self, req.draft)) return;  // routing names only known departments
  st.lettered_alerts.insert(a.id);  // before the store answers: a second publish adds none
  auto id = a.id;
  self->request(st.store, caf::infinite, letter_atom::value, issue_atom::value, std::move(req))
      .then([self](domain::risk_letter& l) { issued(self, l); },
            [self, id](caf::error& e) {
              self->state.lettered_alerts.erase(id);
              spdlog::error("letter office: automatic letter for alert {} not issued: {}", id,
                            caf::to_string(e));
            });
}

// Alerts published before the letters are loaded wait for them.
void on_alert(self_ptr self, domain::alert a) {
  if (!self->state.loaded) {
    self->state.early_alerts.push_back(std::move(a));
    return;
  }
  auto_letter(self, a);
}

}  // namespace

caf::behavior letter_office(self_ptr self, const config::city_model* city,
                            const wall_clock* clock, caf::actor store, caf::actor board,
                            letter_office_setup setup) {
  auto& st = self->state;
  st.city = city;
  st.clock = clock;
  st.store = std::move(store);
  st.board = std::move(board);
  st.setup = std::move(setup);
  // A zero interval would spin.
  st.setup.interval = std::max(st.setup.interval, std::chrono::milliseconds(1000));
  if (!st.setup.settings.auto_warning_level.empty())
    st.auto_level = domain::parse_alert_level(st.setup.settings.auto_warning_level);
  if (st.auto_level)
    self->join(self->system().groups().get_local(alert_stream_name));
  load_letters(self, "");
  schedule(self);
  return {
      [self](letter_atom, issue_atom, letter_issue& req) { return issue(self, std::move(req)); },
      [self](letter_atom, reply_atom, letter_reply& req) { return reply(self, std::move(req)); },
      [self](letter_atom a, get_atom g, std::string& id, domain::alert_scope& scope) {
        return self->delegate(self->state.store, a, g, std::move(id), std::move(scope));
      },
      [self](letter_atom a, list_atom l, letter_query& q) {
        return self->delegate(self->state.store, a, l, std::move(q));
      },
      [self](letter_atom, queue_atom) {
        return static_cast<std::uint64_t>(self->state.unanswered.size());
      },
      [self](alert_atom, domain::alert& a) { on_alert(self, std::move(a)); },
      [self](letter_tick_atom, std::uint64_t tick) {
        if (tick != self->state.tick) return;
        look(self);
        schedule(self);
      },
  };
}

}  // namespace cityops
