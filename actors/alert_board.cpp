#include "actors/alert_board.hpp"
#include "actors/intake_protocol.hpp"

#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<alert_board_state>*;

// Open alerts are loaded in pages of this size at start.
constexpr std::uint32_t load_page_size = 1000;

void publish(self_ptr self, const domain::alert& a) {
  self->send(self->state.stream, alert_atom::value, a);
}

// The acks and closes that waited for alert `id`'s raise, once none is with the store.
void run_waiting_changes(self_ptr self, const std::string& id) {
  auto& st = self->state;
  if (st.raising.count(id) > 0) return;
  const auto it = st.after_raise.find(id);
  if (it == st.after_raise.end()) return;
  auto waiting = std::move(it->second);
  st.after_raise.erase(it);
  for (auto& run : waiting) run();
}

// Asks the store to keep `a` (insert-if-absent, or grow the stored alert of its episode) and
// publishes it once it is durable: when it is new and open, and again when its level rose.
// One request per alert id is in flight; a newer finding of the same episode waits for it
// (only the newest: its evidence includes the earlier ones').
void raise(self_ptr self, domain::alert a) {
  auto& st = self->state;
  if (st.raising.count(a.id) > 0) {
    auto id = a.id;
    st.next_growth.insert_or_assign(std::move(id), std::move(a));
    return;
  }
  if (auto it = st.open.find(a.id); it != st.open.end()) {
    domain::alert grown = it->second;
    if (!domain::grow(grown, a)) return;  // nothing new to write
  }
  st.raising.insert(a.id);
  auto id = a.id;
  self->request(st.store, caf::infinite, alert_atom::value, put_atom::value, std::move(a))
      .then(
          [self, id](domain::alert& stored) {
            auto& st = self->state;
            st.raising.erase(id);
            // Stored and acknowledged or closed earlier: it stays so, off the open board.
            if (stored.status == domain::alert_status::open) {
              auto it = st.open.find(stored.id);
              if (it == st.open.end()) {
                publish(self, st.open.emplace(stored.id, stored).first->second);
              } else {
                const bool rose = stored.level > it->second.level;
                it->second = stored;
                if (rose) publish(self, it->second);
              }
            }
            if (auto next = st.next_growth.find(id); next != st.next_growth.end()) {
              auto a = std::move(next->second);
              st.next_growth.erase(next);
              raise(self, std::move(a));
            }
            run_waiting_changes(self, id);
          },
          [self, id](caf::error& e) {
            self->state.raising.erase(id);
            self->state.next_growth.erase(id);
            spdlog::error("alert board: alert {} not stored: {}", id, caf::to_string(e));
            run_waiting_changes(self, id);
          });
}

// Acknowledges or closes an alert through the store (synced before the answer). The alert is
// published when this request changed it (its time is this request's stamp), and leaves the
// open board if it was there.
template <class Verb, class Request>
void send_change(self_ptr self, Verb, Request req, caf::typed_response_promise<domain::alert> rp) {
  const auto at = self->state.clock->now_ms();
  req.at_ms = at;
  self->request(self->state.store, caf::infinite, alert_atom::value, Verb::value, std::move(req))
      .then(
          [self, rp, at](domain::alert& a) mutable {
            const bool now = a.status == domain::alert_status::closed
                                 ? a.closed_at_ms == at
                                 : a.status == domain::alert_status::acked && a.acked_at_ms == at;
            self->state.open.erase(a.id);
            if (now) publish(self, a);
            rp.deliver(std::move(a));
          },
          [rp](caf::error& e) mutable { rp.deliver(std::move(e)); });
}

// A change of an alert whose raise (or growth) is still with the store waits for it, so it
// acts on what was raised before it (a close never overtakes the growth it follows).
template <class Verb, class Request>
caf::result<domain::alert> change(self_ptr self, Verb v, Request req) {
  auto rp = self->make_response_promise<domain::alert>();
  auto& st = self->state;
  if (st.raising.count(req.id) == 0) {
    send_change(self, v, std::move(req), rp);
    return rp;
  }
  auto id = req.id;
  st.after_raise[id].push_back(
      [self, v, req = std::move(req), rp]() mutable { send_change(self, v, std::move(req), rp); });
  return rp;
}

void on_commit(self_ptr self, const case_commit& c) {
  for (auto& a : domain::alerts_for(c.snapshot, c.events, *self->state.city))
    raise(self, std::move(a));
}

// A quarantined case: its alert is scoped by the case as stored (read without its actor).
void on_quarantine(self_ptr self, const domain::quarantine_entry& q) {
  self->request(self->state.store, caf::infinite, load_atom::value, q.case_id)
      .then(
          [self, q](domain::case_record& r) {
            raise(self, domain::quarantine_alert(q, &r, *self->state.city));
          },
          [self, q](caf::error&) {
            raise(self, domain::quarantine_alert(q, nullptr, *self->state.city));
          });
}

void finish_load(self_ptr self) {
  auto& st = self->state;
  st.loaded = true;
  auto deferred = std::move(st.deferred);
  st.deferred.clear();
  for (const auto& c : deferred) on_commit(self, c);
  auto raises = std::move(st.deferred_raises);
  st.deferred_raises.clear();
  for (auto& a : raises) raise(self, std::move(a));
}

void load_open(self_ptr self, std::string cursor) {
  alert_query q;
  q.status = domain::alert_status::open;
  q.cursor = std::move(cursor);
  q.limit = load_page_size;
  self->request(self->state.store, caf::infinite, alert_atom::value, list_atom::value,
                std::move(q))
      .then(
          [self](alert_list& page) {
            for (auto& a : page.items) {
              auto id = a.id;
              self->state.open.emplace(std::move(id), std::move(a));
            }
            if (!page.next_cursor.empty()) {
              load_open(self, std::move(page.next_cursor));
              return;
            }
            finish_load(self);
          },
          [self](caf::error& e) {
            // Go on without them: new alerts still work; the store keeps the old ones.
            spdlog::error("alert board: open alerts not loaded: {}", caf::to_string(e));
            finish_load(self);
          });
}

}  // namespace

caf::behavior alert_board(self_ptr self, const config::city_model* city, const wall_clock* clock,
                          caf::actor store) {
  auto& st = self->state;
  st.city = city;
  st.clock = clock;
  st.store = std::move(store);
  st.stream = self->system().groups().get_local(alert_stream_name);
  self->join(self->system().groups().get_local(committed_stream_name));
  self->join(self->system().groups().get_local(quarantine_stream_name));
  load_open(self, "");
  return {
      [self](committed_atom, const committed_batch& batch) {
        auto& st = self->state;
        apply_or_defer(batch, st.loaded, st.deferred,
                       [self](const case_commit& c) { on_commit(self, c); });
      },
      [self](quarantine_atom, const domain::quarantine_entry& q) { on_quarantine(self, q); },
      [self](alert_atom, ack_atom a, alert_ack& ack) { return change(self, a, std::move(ack)); },
      [self](alert_atom, close_atom c, alert_close& req) {
        return change(self, c, std::move(req));
      },
      [self](alert_atom, raise_atom, domain::alert& a) {
        if (self->state.loaded)
          raise(self, std::move(a));
        else
          self->state.deferred_raises.push_back(std::move(a));
      },
      [self](alert_atom, queue_atom) {
        return static_cast<std::uint64_t>(self->state.open.size());
      },
  };
}

}  // namespace cityops
