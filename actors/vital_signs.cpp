#include "actors/vital_signs.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/oversight_protocol.hpp"
#include "actors/protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<vital_signs_state>*;

// Who closes an episode's alert.
constexpr const char* closer = "vital-signs";

domain::indicator_status status_of(const vital_signs_state& st, const std::string& id) {
  if (auto it = st.latest.find(id); it != st.latest.end()) return it->second;
  domain::indicator_status s;
  s.indicator = id;
  return s;
}

// Closes an episode's alert through the board. A board that does not know the alert yet
// (its raise is still on the way to the store) gets one more try at the next look; after
// that the alert is taken as never raised (a silence no look saw).
void close_episode(self_ptr self, domain::episode_end end, bool last_try) {
  alert_close req;
  req.id = end.alert_id;
  req.by = closer;
  req.note = end.note;
  self->request(self->state.board, caf::infinite, alert_atom::value, close_atom::value,
                std::move(req))
      .then([](const domain::alert&) {},
            [self, end = std::move(end), last_try](caf::error& e) mutable {
              const auto err = to_domain_error(e);
              if (err.code == domain::error_code::not_found && !last_try) {
                self->state.retry_closes.push_back(std::move(end));
                return;
              }
              if (err.code != domain::error_code::not_found)
                spdlog::error("vital signs: alert {} not closed: {}", end.alert_id, err.message);
            });
}

void act_on(self_ptr self, domain::indicator_step step) {
  for (auto& a : step.raise)
    self->send(self->state.board, alert_atom::value, raise_atom::value, std::move(a));
  for (auto& end : step.close) {
    self->state.silent_raised.erase(end.alert_id);
    close_episode(self, std::move(end), false);
  }
}

// Raises the silence alert of every indicator silent now (once per episode while this actor
// runs; the board keeps it once across restarts), and tries the closes that wait once more.
void look(self_ptr self) {
  auto& st = self->state;
  const auto now = st.clock->now_ms();
  for (const auto& [id, status] : st.latest) {
    const auto spec = st.specs.find(id);
    if (spec == st.specs.end()) continue;
    auto a = domain::silent_alert(*spec->second, *st.city, status, now);
    if (!a || !st.silent_raised.insert(a->id).second) continue;
    self->send(st.board, alert_atom::value, raise_atom::value, std::move(*a));
  }
  auto retry = std::move(st.retry_closes);
  st.retry_closes.clear();
  for (auto& end : retry) close_episode(self, std::move(end), true);
}

void schedule(self_ptr self) {
  self->delayed_send(self, self->state.setup.interval, vital_tick_atom::value,
                     ++self->state.tick);
}

// Checks every item, runs the kept ones through their indicators' episodes, has the store
// keep them (the next batch waits for its answer: await), then acts on the episodes.
caf::result<sample_receipt> take(self_ptr self, sample_batch& batch) {
  auto& st = self->state;
  const auto now = st.clock->now_ms();
  sample_receipt receipt;
  std::map<std::string, std::vector<domain::indicator_sample>> kept;  // by indicator
  sample_write write;
  for (auto& item : batch.items) {
    const auto it = st.specs.find(item.sample.indicator);
    const config::indicator_spec* spec = it == st.specs.end() ? nullptr : it->second;
    if (auto refusal = domain::check_sample(spec, item.sample, item.unit, now)) {
      refusal->index = item.index;
      receipt.refused.push_back(std::move(*refusal));
      continue;
    }
    write.samples.push_back(item.sample);
    kept[item.sample.indicator].push_back(std::move(item.sample));
  }
  receipt.accepted = static_cast<std::uint32_t>(write.samples.size());
  if (write.samples.empty()) return receipt;
  domain::indicator_step step;
  for (auto& [id, samples] : kept) {
    auto status = status_of(st, id);
    const auto before = status.at_ms;
    domain::apply_samples(*st.specs.at(id), *st.city, std::move(samples), status, step);
    if (status.at_ms != before) write.latest.push_back(std::move(status));
  }
  auto rp = self->make_response_promise<sample_receipt>();
  auto latest = write.latest;
  auto stored = write.samples;
  self->request(st.store, caf::infinite, indicator_atom::value, put_atom::value,
                std::move(write))
      .await(
          [self, rp, receipt = std::move(receipt), latest = std::move(latest),
           step = std::move(step), stored = std::move(stored)](caf::ok_atom) mutable {
            // Stored: the samples go out on their stream (active scenarios follow it).
            self->send(self->system().groups().get_local(sample_stream_name),
                       indicator_atom::value, std::move(stored));
            for (auto& s : latest) {
              auto id = s.indicator;
              self->state.latest.insert_or_assign(std::move(id), std::move(s));
            }
            act_on(self, std::move(step));
            rp.deliver(std::move(receipt));
          },
          [rp](caf::error& e) mutable { rp.deliver(std::move(e)); });
  return rp;
}

indicator_view view_of(const vital_signs_state& st, const config::indicator_spec& spec,
                       std::int64_t now) {
  indicator_view v;
  v.status = status_of(st, spec.id);
  v.state = domain::state_of(spec, v.status, now);
  return v;
}

caf::error unknown_indicator(const std::string& id) {
  return make_domain_error(
      domain::field_error(domain::error_code::not_found, "id", "no indicator '" + id + "'"));
}

// Loads every latest record before anything else is taken (await), then looks once.
void load(self_ptr self) {
  self->request(self->state.store, caf::infinite, indicator_atom::value, load_atom::value)
      .await(
          [self](std::vector<domain::indicator_status>& records) {
            for (auto& r : records) {
              if (self->state.specs.count(r.indicator) == 0) continue;  // left the registry
              auto id = r.indicator;
              self->state.latest.insert_or_assign(std::move(id), std::move(r));
            }
            look(self);
          },
          [](caf::error& e) {
            spdlog::error("vital signs: latest samples not loaded: {}", caf::to_string(e));
          });
}

}  // namespace

caf::behavior vital_signs(self_ptr self, const config::city_model* city, const wall_clock* clock,
                          caf::actor store, caf::actor board, vital_signs_setup setup) {
  auto& st = self->state;
  st.city = city;
  st.clock = clock;
  st.store = std::move(store);
  st.board = std::move(board);
  st.setup = setup;
  // A zero interval would spin.
  st.setup.interval = std::max(st.setup.interval, std::chrono::milliseconds(1000));
  if (st.setup.registry)
    for (const auto& spec : st.setup.registry->indicators) st.specs.emplace(spec.id, &spec);
  load(self);
  schedule(self);
  return {
      [self](indicator_atom, put_atom, sample_batch& batch) { return take(self, batch); },
      [self](indicator_atom, list_atom) {
        const auto& st = self->state;
        const auto now = st.clock->now_ms();
        std::vector<indicator_view> out;
        if (st.setup.registry)
          for (const auto& spec : st.setup.registry->indicators)
            out.push_back(view_of(st, spec, now));
        return out;
      },
      [self](indicator_atom, caf::get_atom, const std::string& id) -> caf::result<indicator_view> {
        const auto& st = self->state;
        const auto it = st.specs.find(id);
        if (it == st.specs.end()) return unknown_indicator(id);
        return view_of(st, *it->second, st.clock->now_ms());
      },
      [self](indicator_atom i, history_atom h,
             history_query& q) -> caf::delegated<domain::indicator_history> {
        if (self->state.specs.count(q.indicator) == 0)
          self->make_response_promise().deliver(unknown_indicator(q.indicator));
        else
          self->delegate(self->state.store, i, h, std::move(q));
        return {};
      },
      [self](indicator_atom, queue_atom) {
        return static_cast<std::uint64_t>(self->state.latest.size());
      },
      [self](vital_tick_atom, std::uint64_t tick) {
        if (tick != self->state.tick) return;
        look(self);
        schedule(self);
      },
  };
}

}  // namespace cityops
