#include "actors/feed_hub.hpp"
#include "actors/intake_protocol.hpp"

#include <algorithm>
#include <utility>

#include <caf/all.hpp>

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<feed_hub_state>*;

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Renders lazily (only when some subscriber matches), once, and hands the text to every
// matching subscriber; drops the subscribers whose sink refuses.
template <class Matches, class Render>
void fan_out(self_ptr self, Matches matches, Render render) {
  auto& st = self->state;
  std::shared_ptr<const std::string> text;
  for (auto it = st.subscribers.begin(); it != st.subscribers.end();) {
    if (!matches(it->second.filter)) {
      ++it;
      continue;
    }
    if (!text) text = std::make_shared<const std::string>(render());
    if (it->second.sink(text)) {
      ++st.delivered;
      ++it;
    } else {
      ++st.dropped;
      it = st.subscribers.erase(it);
    }
  }
}

}  // namespace

bool feed_matches(const config::city_model& city, const feed_filter& f, const case_commit& c,
                  const domain::case_event& e) {
  if (!f.node.empty()) {
    const bool in = contains(c.snapshot.location_path, f.node) ||
                    (!e.node.empty() && city.in_subtree(e.node, f.node));
    if (!in) return false;
  }
  if (!f.department.empty()) {
    const auto& d = f.department;
    const bool in = e.department == d || c.snapshot.department == d ||
                    c.previous.department == d || contains(c.snapshot.assistants, d) ||
                    contains(e.assistants, d);
    if (!in) return false;
  }
  return true;
}

bool feed_matches(const feed_filter& f, const domain::alert& a) {
  return domain::in_scope(a, domain::alert_scope{f.node, f.department});
}

bool feed_matches(const feed_filter& f, const kpi_table& t, bool city_table) {
  if (!f.department.empty()) return false;
  if (f.node.empty()) return city_table;
  return t.scope.size() == f.node.size() + 5 && t.scope.compare(0, 5, "node:") == 0 &&
         t.scope.compare(5, std::string::npos, f.node) == 0;
}

bool feed_matches(const config::city_model& city, const feed_filter& f, const scenario_notice& n) {
  if (n.node.empty()) return true;
  if (!f.department.empty()) return false;
  return f.node.empty() || city.in_subtree(n.node, f.node) || city.in_subtree(f.node, n.node);
}

caf::behavior feed_hub(self_ptr self, const config::city_model* city, feed_format format) {
  self->state.city = city;
  self->state.format = std::move(format);
  self->join(self->system().groups().get_local(committed_stream_name));
  self->join(self->system().groups().get_local(alert_stream_name));
  self->join(self->system().groups().get_local(kpi_stream_name));
  self->join(self->system().groups().get_local(scenario_stream_name));
  return {
      [self](committed_atom, const committed_batch& batch) {
        auto& st = self->state;
        for (const auto& c : batch.commits) {
          for (const auto& e : c.events) {
            if (st.subscribers.empty()) return;
            fan_out(
                self, [&](const feed_filter& f) { return feed_matches(*st.city, f, c, e); },
                [&] { return st.format.case_event(c, e); });
          }
        }
      },
      [self](alert_atom, const domain::alert& a) {
        auto& st = self->state;
        if (st.subscribers.empty()) return;
        fan_out(
            self, [&](const feed_filter& f) { return feed_matches(f, a); },
            [&] { return st.format.alert(a); });
      },
      [self](kpi_atom, const kpi_feed& feed) {
        auto& st = self->state;
        if (st.subscribers.empty() || !st.format.kpi) return;
        for (std::size_t i = 0; i < feed.tables.size(); ++i) {
          const auto& t = feed.tables[i];
          fan_out(
              self, [&](const feed_filter& f) { return feed_matches(f, t, i == 0); },
              [&] { return st.format.kpi(feed.day, t); });
        }
      },
      [self](scenario_atom, const scenario_notice& n) {
        auto& st = self->state;
        if (st.subscribers.empty() || !st.format.scenario) return;
        fan_out(
            self, [&](const feed_filter& f) { return feed_matches(*st.city, f, n); },
            [&] { return st.format.scenario(n); });
      },
      [self](feed_atom, subscribe_atom, feed_subscriber& s) {
        auto& st = self->state;
        const auto id = s.id;
        auto hello = std::move(s.hello);
        auto& placed = st.subscribers[id];
        placed = std::move(s);
        if (hello && !placed.sink(hello)) {
          ++st.dropped;
          st.subscribers.erase(id);
        }
      },
      [self](feed_atom, unsubscribe_atom, std::uint64_t id) {
        self->state.subscribers.erase(id);
      },
      [self](feed_atom, queue_atom) {
        return static_cast<std::uint64_t>(self->state.subscribers.size());
      },
  };
}

}  // namespace cityops
