#include "actors/letter_office.hpp"

#include <algorithm>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<letter_office_state>*;

// Unanswered letters are loaded in pages of this size at start.
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

void load_unanswered(self_ptr self, std::string cursor) {
  letter_query q;
  q.status = std::string(domain::to_string(domain::letter_status::issued));
  q.cursor = std::move(cursor);
  q.limit = load_page_size;
  self->request(self->state.store, caf::infinite, letter_atom::value, list_atom::value,
                std::move(q))
      .then(
          [self](letter_list& page) {
            for (auto& l : page.items) {
              auto id = l.id;
              self->state.unanswered.insert_or_assign(std::move(id), std::move(l));
            }
            if (!page.next_cursor.empty()) return load_unanswered(self, page.next_cursor);
            look(self);
          },
          [](caf::error& e) {
            spdlog::error("letter office: unanswered letters not loaded: {}",
                          caf::to_string(e));
          });
}

caf::result<domain::risk_letter> issue(self_ptr self, letter_issue req) {
  auto& st = self->state;
  auto& d = req.draft;
  const auto* dept = st.city->find_department(d.department);
  if (!dept)
    return make_domain_error(domain::field_error(domain::error_code::unknown_department,
                                                 "department",
                                                 "unknown department '" + d.department + "'"));
  d.department_name = dept->name;
  d.issuer = st.setup.settings.issuer;
  d.reply_hours = st.setup.settings.reply_hours;
  d.issued_ms = st.clock->now_ms();
  auto rp = self->make_response_promise<domain::risk_letter>();
  self->request(st.store, caf::infinite, letter_atom::value, issue_atom::value, std::move(req))
      .then(
          [self, rp](domain::risk_letter& l) mutable {
            self->state.unanswered.insert_or_assign(l.id, l);
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
  load_unanswered(self, "");
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
      [self](letter_tick_atom, std::uint64_t tick) {
        if (tick != self->state.tick) return;
        look(self);
        schedule(self);
      },
  };
}

}  // namespace cityops
