#include "runtime/sla_watcher.hpp"

#include <algorithm>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/protocol.hpp"
#include "storage/index_keys.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<sla_watcher_state>*;

void schedule_tick(self_ptr self, std::chrono::milliseconds delay) {
  auto& st = self->state;
  ++st.tick;
  self->delayed_send(self, delay, sla_atom::value, st.tick);
}

// Ends the round. `cut_short`: due entries are left; the next round continues after the
// cursor once the backlog pause is over. Otherwise the next round starts from the front.
void end_round(self_ptr self, bool cut_short) {
  auto& st = self->state;
  st.running = false;
  if (!cut_short) st.cursor.clear();
  schedule_tick(self, cut_short ? std::min(st.options.backlog_pause, st.options.interval)
                                : st.options.interval);
}

void next_page(self_ptr self);

void on_page(self_ptr self, const case_page& page) {
  auto& st = self->state;
  const auto now = st.clock->now_ms();
  for (const auto& entry : page.case_ids) {
    std::int64_t due = 0;
    std::string id;
    if (!storage::parse_deadline_entry(entry, due, id)) {
      spdlog::warn("sla watcher: skipping malformed index entry '{}'", entry);
      st.cursor = entry;
      continue;
    }
    if (due > now) return end_round(self, false);  // nearest first: nothing more is due
    if (st.round_wakeups >= st.options.max_wakeups_per_round) return end_round(self, true);
    self->send(st.directory, sla_atom::value, std::move(id));
    ++st.round_wakeups;
    ++st.wakeups;
    st.cursor = entry;
  }
  if (page.next_cursor.empty()) return end_round(self, false);
  next_page(self);
}

void next_page(self_ptr self) {
  auto& st = self->state;
  self->request(st.store, caf::infinite, scan_atom::value, storage::index_prefix_deadlines(),
                st.cursor, st.options.page_size)
      .then([self](case_page& page) { on_page(self, page); },
            [self](caf::error& err) {
              spdlog::warn("sla watcher: deadline index not read: {}",
                           to_domain_error(err).message);
              end_round(self, false);
            });
}

}  // namespace

caf::behavior sla_watcher(self_ptr self, caf::actor store, caf::actor directory,
                          const wall_clock* clock, sla_watcher_options options) {
  auto& st = self->state;
  st.store = std::move(store);
  st.directory = std::move(directory);
  st.clock = clock;
  st.options = options;
  if (st.options.page_size == 0) st.options.page_size = 1;
  // A zero interval would spin.
  st.options.interval = std::max(st.options.interval, std::chrono::milliseconds(1000));
  st.options.backlog_pause = std::max(st.options.backlog_pause, std::chrono::milliseconds(1));
  // The first round runs at once: deadlines that passed while the service was down.
  self->send(self, sla_atom::value, ++st.tick);
  return {
      [self](sla_atom, std::uint64_t tick) {
        auto& s = self->state;
        if (tick != s.tick || s.running) return;
        s.running = true;
        s.round_wakeups = 0;
        next_page(self);
      },
      [self](queue_atom) { return self->state.wakeups; },
  };
}

}  // namespace cityops
