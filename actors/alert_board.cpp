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

// Asks the store to keep `a` (insert-if-absent) and publishes it once it is durable — only
// when the store holds it open and the board did not have it yet.
void raise(self_ptr self, domain::alert a) {
  auto& st = self->state;
  if (st.open.count(a.id) > 0 || st.raising.count(a.id) > 0) return;
  st.raising.insert(a.id);
  auto id = a.id;
  self->request(st.store, caf::infinite, alert_atom::value, put_atom::value, std::move(a))
      .then(
          [self, id](domain::alert& stored) {
            auto& st = self->state;
            st.raising.erase(id);
            // Stored and acknowledged earlier (a replayed event): it stays acknowledged.
            if (stored.status != domain::alert_status::open) return;
            auto placed = st.open.emplace(stored.id, stored);
            if (placed.second) publish(self, placed.first->second);
          },
          [self, id](caf::error& e) {
            self->state.raising.erase(id);
            spdlog::error("alert board: alert {} not stored: {}", id, caf::to_string(e));
          });
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
        for (const auto& c : batch.commits) {
          if (self->state.loaded)
            on_commit(self, c);
          else
            self->state.deferred.push_back(c);
        }
      },
      [self](quarantine_atom, const domain::quarantine_entry& q) { on_quarantine(self, q); },
      [self](alert_atom, ack_atom, alert_ack& ack) -> caf::result<domain::alert> {
        ack.at_ms = self->state.clock->now_ms();
        auto rp = self->make_response_promise<domain::alert>();
        self->request(self->state.store, caf::infinite, alert_atom::value, ack_atom::value,
                      std::move(ack))
            .then(
                [self, rp](domain::alert& a) mutable {
                  auto& open = self->state.open;
                  auto it = open.find(a.id);
                  if (it != open.end() && a.status == domain::alert_status::acked) {
                    open.erase(it);
                    publish(self, a);  // acknowledged now (not by an earlier request)
                  }
                  rp.deliver(std::move(a));
                },
                [rp](caf::error& e) mutable { rp.deliver(std::move(e)); });
        return rp;
      },
      [self](alert_atom, queue_atom) {
        return static_cast<std::uint64_t>(self->state.open.size());
      },
  };
}

}  // namespace cityops
