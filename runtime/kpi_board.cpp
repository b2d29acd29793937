#include "runtime/kpi_board.hpp"

#include <algorithm>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/domain/iso_time.hpp"
#include "actors/domain/kpi_calculator.hpp"
#include "actors/intake_protocol.hpp"
#include "actors/kpi_protocol.hpp"
#include "actors/protocol.hpp"
#include "storage/kpi_store.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<kpi_board_state>*;

// Scopes are "node:<id>" or "department:<id>" with a non-empty id; the gateway checks that
// the id exists.
bool valid_scope(const std::string& s) {
  for (const std::string_view kind : {"node:", "department:"})
    if (s.size() > kind.size() && s.compare(0, kind.size(), kind) == 0) return true;
  return false;
}

caf::expected<std::vector<kpi_table>> answer(self_ptr self, const kpi_query& q) {
  std::vector<kpi_table> out;
  out.reserve(q.scopes.size());
  const storage::kpi_reader reader(*self->state.store);
  for (const auto& scope : q.scopes) {
    if (!valid_scope(scope))
      return make_domain_error(domain::field_error(
          domain::error_code::invalid_field, "scope",
          "scope must be node:<id> or department:<id>, got '" + scope + "'"));
    storage::kpi_rows rows;
    if (auto s = reader.read(scope, q.from_day, q.to_day, rows); !s.is_ok())
      return make_domain_error(domain::field_error(domain::error_code::storage_failure, "",
                                                   "kpi read failed: " + s.message()));
    kpi_table t;
    t.scope = scope;
    t.now = std::move(rows.now);
    if (q.per_day) {
      t.days = std::move(rows.days);
    } else {
      domain::kpi_counters sum;
      for (const auto& [day, c] : rows.days) sum.add(c);
      t.days.emplace_back(q.from_day, std::move(sum));
    }
    out.push_back(std::move(t));
  }
  return out;
}

void publish(self_ptr self) {
  auto& st = self->state;
  st.publish_pending = false;
  kpi_query q;
  q.scopes = st.feed_scopes;
  q.from_day = q.to_day = domain::china_local_day(st.clock->now_ms());
  q.per_day = false;
  auto tables = answer(self, q);
  if (!tables) {
    spdlog::warn("kpi board: today's KPIs not read for the feed: {}",
                 caf::to_string(tables.error()));
    return;
  }
  self->send(st.stream, kpi_atom::value, kpi_feed{q.from_day, std::move(*tables)});
}

}  // namespace

caf::behavior kpi_board(self_ptr self, std::shared_ptr<const storage::event_store> store,
                        const config::city_model* city, const wall_clock* clock,
                        std::chrono::milliseconds feed_interval) {
  auto& st = self->state;
  st.store = std::move(store);
  st.clock = clock;
  st.feed_interval = std::max(feed_interval, std::chrono::milliseconds(1));
  for (const auto& n : city->nodes()) {
    if (n.tier == config::tier::city)
      st.feed_scopes.insert(st.feed_scopes.begin(), domain::kpi_node_scope(n.id));
    else if (n.tier == config::tier::district)
      st.feed_scopes.push_back(domain::kpi_node_scope(n.id));
  }
  st.stream = self->system().groups().get_local(kpi_stream_name);
  self->join(self->system().groups().get_local(committed_stream_name));
  return {
      [self](kpi_atom, const kpi_query& q) -> caf::result<std::vector<kpi_table>> {
        auto tables = answer(self, q);
        if (!tables) return std::move(tables.error());
        return std::move(*tables);
      },
      [self](committed_atom, const committed_batch&) {
        if (self->state.publish_pending) return;
        self->state.publish_pending = true;
        self->delayed_send(self, self->state.feed_interval, kpi_tick_atom::value);
      },
      [self](kpi_tick_atom) { publish(self); },
  };
}

}  // namespace cityops
