#include "actors/risk_watch.hpp"

#include <algorithm>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/intake_protocol.hpp"
#include "actors/oversight_protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<risk_watch_state>*;

constexpr std::uint32_t replay_page = 200;  // the store's largest listing page
// Cases reported this close before the replay began may also arrive as live commits.
constexpr std::int64_t replay_overlap_ms = 60'000;

bool reported_in(const case_commit& c) {
  return std::any_of(c.events.begin(), c.events.end(), [](const domain::case_event& e) {
    return e.type == domain::event_type::reported;
  });
}

void raise_all(self_ptr self, std::vector<domain::alert> alerts) {
  for (auto& a : alerts)
    self->send(self->state.board, alert_atom::value, raise_atom::value, std::move(a));
}

void feed(self_ptr self, const domain::case_record& r) {
  ++self->state.fed;
  raise_all(self, self->state.spec.observe(r));
}

// Whether `c` is the moment the detector sees its case: the report, or for a detector that
// needs a category, the report if it had one, else the first commit that classifies it.
bool is_seen_at(const risk_watch_spec& spec, const case_commit& c) {
  if (reported_in(c)) return !spec.needs_category || !c.snapshot.category.empty();
  return spec.needs_category && c.previous.category.empty() && !c.snapshot.category.empty();
}

void on_commit(self_ptr self, const case_commit& c) {
  auto& st = self->state;
  if (!is_seen_at(st.spec, c)) return;
  if (!st.replayed_recent.empty() && st.replayed_recent.count(c.case_id) > 0) return;
  feed(self, c.snapshot);
}

void finish_load(self_ptr self) {
  auto& st = self->state;
  st.loaded = true;
  if (st.spec.active) raise_all(self, st.spec.active(st.clock->now_ms()));
  auto deferred = std::move(st.deferred);
  st.deferred.clear();
  for (const auto& c : deferred) on_commit(self, c);
  st.replayed_recent.clear();
  for (auto& rp : st.load_waiters) rp.deliver(st.fed);
  st.load_waiters.clear();
}

// Replays a page of stored cases into the detector, in report-time order, discarding what it
// finds (those alerts were raised when the cases came in; the running episodes are raised
// once the replay is done).
void replay_page_of(self_ptr self, std::vector<domain::case_record>& items) {
  auto& st = self->state;
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return a.created_ms != b.created_ms ? a.created_ms < b.created_ms : a.id < b.id;
  });
  for (const auto& r : items) {
    if (st.spec.needs_category && r.category.empty()) continue;
    st.spec.observe(r);
    ++st.fed;
    if (r.created_ms >= st.load_started_ms - replay_overlap_ms) st.replayed_recent.insert(r.id);
  }
}

void load(self_ptr self, std::string cursor) {
  auto& st = self->state;
  case_query q;
  q.from_ms = std::max<std::int64_t>(1, st.load_started_ms - st.spec.replay_span_ms);
  q.cursor = std::move(cursor);
  q.limit = replay_page;
  self->request(st.store, caf::infinite, query_atom::value, std::move(q))
      .then(
          [self](case_list& page) {
            replay_page_of(self, page.items);
            if (!page.next_cursor.empty())
              load(self, std::move(page.next_cursor));
            else
              finish_load(self);
          },
          [self](caf::error& e) {
            // Watch from now on rather than not at all; the store keeps the cases.
            spdlog::error("risk watch {}: replay from the store failed: {}",
                          self->state.spec.name, caf::to_string(e));
            finish_load(self);
          });
}

}  // namespace

caf::behavior risk_watch(self_ptr self, risk_watch_spec spec, const wall_clock* clock,
                         caf::actor store, caf::actor board) {
  auto& st = self->state;
  st.spec = std::move(spec);
  st.clock = clock;
  st.store = std::move(store);
  st.board = std::move(board);
  st.load_started_ms = clock->now_ms();
  self->join(self->system().groups().get_local(committed_stream_name));
  if (st.spec.replay_span_ms > 0)
    load(self, "");
  else
    st.loaded = true;
  return {
      [self](committed_atom, const committed_batch& batch) {
        auto& st = self->state;
        apply_or_defer(batch, st.loaded, st.deferred,
                       [self](const case_commit& c) { on_commit(self, c); });
      },
      [self](queue_atom) -> caf::result<std::uint64_t> {
        auto& st = self->state;
        if (st.loaded) return st.fed;
        auto rp = self->make_response_promise();
        st.load_waiters.push_back(rp);
        return caf::delegated<std::uint64_t>();
      },
  };
}

}  // namespace cityops
