#include "actors/case_insight_actor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/domain/intake_triage.hpp"
#include "actors/intake_protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<case_insight_state>*;

constexpr std::uint32_t load_page = 200;  // the store's largest listing page

void close_followers(self_ptr self, const case_commit& c);

// A committed change: into the indexes, then the duplicates it closes.
void on_commit(self_ptr self, const case_commit& c) {
  self->state.insight->observe(c.previous, c.snapshot, c.events);
  close_followers(self, c);
}

void finish_load(self_ptr self) {
  auto& st = self->state;
  st.loaded = true;
  spdlog::info("case insight: {} open and {} closed cases indexed",
               st.insight->open_indexed(), st.insight->closed_indexed());
  for (const auto& c : st.deferred) on_commit(self, c);
  st.deferred.clear();
  for (auto& rp : st.load_waiters)
    rp.deliver(static_cast<std::uint64_t>(st.insight->open_indexed()));
  st.load_waiters.clear();
}

// Loads the snapshots of every case of each status in turn, one page per request.
void load_status(self_ptr self, int status, std::string cursor) {
  if (status > static_cast<int>(domain::case_status::merged)) {
    finish_load(self);
    return;
  }
  case_query q;
  q.status = std::string(domain::to_string(static_cast<domain::case_status>(status)));
  q.cursor = std::move(cursor);
  q.limit = load_page;
  self->request(self->state.store, caf::infinite, query_atom::value, std::move(q))
      .then(
          [self, status](const case_list& page) {
            for (const auto& r : page.items) self->state.insight->load(r);
            if (page.next_cursor.empty())
              load_status(self, status + 1, "");
            else
              load_status(self, status, page.next_cursor);
          },
          [self](caf::error& e) {
            spdlog::error("case insight: loading the stored cases failed: {}",
                          to_domain_error(e).message);
            finish_load(self);  // serve what was loaded rather than nothing
          });
}

// A case that reached its end closes the cases linked to it as duplicates: each is merged
// into it by "auto", carrying its result, so their reporters see the outcome.
void close_followers(self_ptr self, const case_commit& c) {
  const auto& r = c.snapshot;
  const bool finished =
      r.status == domain::case_status::closed || r.status == domain::case_status::followed_up;
  if (!finished || !domain::is_open(c.previous.status)) return;
  if (!self->state.directory) return;
  for (const auto& id : self->state.insight->linked_duplicates(r.id)) {
    domain::action_request q;
    q.action = domain::case_action::merge;
    q.by = std::string(domain::auto_actor);
    q.into = r.id;
    q.reason = "重复事件: 原案件 " + r.id + " 已办结";
    self->request(self->state.directory, caf::infinite, act_atom::value, id, std::move(q))
        .then([](const domain::case_record&) {},
              [id](caf::error& e) {
                spdlog::warn("case insight: closing duplicate {} failed: {}", id,
                             to_domain_error(e).message);
              });
  }
}

dispatch_option to_option(const domain::dispatch_suggestion& s) {
  dispatch_option o;
  o.department = s.department->id;
  o.name = s.department->name;
  o.node = s.department->node;
  o.tier = std::string(config::to_string(s.department->tier));
  o.score = s.score;
  o.routed = s.routed;
  o.open = s.load.open;
  o.overdue = s.load.overdue;
  o.dispatched_90d = s.history.dispatched;
  o.returned_90d = s.history.returned;
  o.finished_90d = s.history.finished;
  o.on_time_90d = s.history.on_time;
  o.reasons = s.reasons;
  return o;
}

// Reads the stored case of each id from the store, then calls done(found) on this actor
// with found[i] the case of ids[i] (null when it could not be read).
template <class Done>
void load_cases(self_ptr self, const std::vector<std::string>& ids, Done done) {
  using found_t = std::vector<std::shared_ptr<domain::case_record>>;
  auto found = std::make_shared<found_t>(ids.size());
  if (ids.empty()) return done(*found);
  auto pending = std::make_shared<std::size_t>(ids.size());
  auto finish = std::make_shared<Done>(std::move(done));
  auto one_more = [found, pending, finish] {
    if (--*pending == 0) (*finish)(*found);
  };
  for (std::size_t i = 0; i < ids.size(); ++i) {
    self->request(self->state.store, caf::infinite, load_atom::value, ids[i])
        .then(
            [found, i, one_more](domain::case_record& r) {
              (*found)[i] = std::make_shared<domain::case_record>(std::move(r));
              one_more();
            },
            [one_more](caf::error&) { one_more(); });
  }
}

// Reads each hit's stored case for its text and resolution; answers once all are in.
caf::result<std::vector<similar_case>> resolve_similar(
    self_ptr self, const std::vector<domain::similar_case_index::hit>& hits) {
  auto rp = self->make_response_promise<std::vector<similar_case>>();
  std::vector<std::string> ids;
  for (const auto& h : hits) ids.push_back(h.id);
  load_cases(self, ids, [rp, hits](const auto& found) mutable {
    std::vector<similar_case> out;
    for (std::size_t i = 0; i < hits.size(); ++i) {
      if (!found[i] || found[i]->category.empty()) continue;
      const auto& r = *found[i];
      similar_case s;
      s.id = hits[i].id;
      s.score = hits[i].score;
      s.category = r.category;
      s.text = r.report.text;
      s.department = r.department;
      s.satisfaction = r.satisfaction;
      for (const auto& e : r.history) {
        if (e.type == domain::event_type::handled) s.result = e.result;
        if (e.type == domain::event_type::closed) s.closed_ms = e.at_ms;
      }
      out.push_back(std::move(s));
    }
    rp.deliver(std::move(out));
  });
  return rp;
}

// The caller's earlier cases and the 一人多诉 count for a preview.
constexpr std::size_t preview_duplicates = 5;
constexpr std::size_t preview_caller_cases = 10;

std::string_view verdict_name(domain::duplicate_rules::verdict_t v) {
  switch (v) {
    case domain::duplicate_rules::linked:
      return "duplicate";
    case domain::duplicate_rules::flagged:
      return "possible";
    case domain::duplicate_rules::unrelated:
      break;
  }
  return "";
}

// POST /api/v1/intake/preview's view from the indexes, the stored cases it names read back
// for their status, node and text.
caf::result<intake_preview> preview(self_ptr self, const domain::case_event& reported,
                                    std::int64_t repeat_window_ms) {
  auto& st = self->state;
  intake_preview p;
  p.reported = reported;
  if (!st.loaded) return p;
  p.insight = true;
  const auto& insight = *st.insight;
  const auto& hash = reported.report.reporter_hash;
  const auto now = reported.at_ms;
  for (const auto& c : insight.duplicate_candidates(reported, preview_duplicates)) {
    duplicate_match m;
    m.id = c.id;
    m.score = c.score;
    m.verdict = std::string(verdict_name(insight.duplicate_rules_in_use().verdict(c.score)));
    m.distance_m = c.distance_m;
    m.text_similarity = c.text_similarity;
    m.same_category = c.same_category;
    p.duplicates.push_back(std::move(m));
  }
  p.reporter = insight.reporter(hash, now, "");
  for (const auto& c : insight.reporter_cases(hash, now, preview_caller_cases))
    p.caller_cases.push_back(caller_case{c.id, c.reported_ms, c.category, c.open, "", "", ""});
  p.caller_in_repeat_window = insight.reporter_count_since(hash, now - repeat_window_ms);
  domain::case_record record;
  domain::apply(record, reported);
  for (const auto& s : insight.suggest_dispatch(record, now)) p.dispatch.push_back(to_option(s));

  std::vector<std::string> ids;
  for (const auto& d : p.duplicates) ids.push_back(d.id);
  for (const auto& c : p.caller_cases) ids.push_back(c.id);
  auto rp = self->make_response_promise<intake_preview>();
  load_cases(self, ids, [rp, p = std::move(p)](const auto& found) mutable {
    std::size_t i = 0;
    for (auto& d : p.duplicates) {
      if (const auto& r = found[i++]) {
        d.status = std::string(domain::to_string(r->status));
        d.category = r->category;
        d.node = r->node;
        d.text = r->report.text;
        d.reported_ms = r->created_ms;
      }
    }
    for (auto& c : p.caller_cases) {
      if (const auto& r = found[i++]) {
        c.status = std::string(domain::to_string(r->status));
        c.node = r->node;
        c.text = r->report.text;
      }
    }
    rp.deliver(std::move(p));
  });
  return rp;
}

}  // namespace

caf::behavior case_insight_actor(self_ptr self, const config::city_model* city,
                                 const config::intake_settings* settings,
                                 const wall_clock* clock, caf::actor store) {
  auto& st = self->state;
  st.insight = std::make_unique<domain::case_insight>(*city, *settings);
  st.city = city;
  st.clock = clock;
  st.store = std::move(store);
  self->join(self->system().groups().get_local(committed_stream_name));
  load_status(self, 0, "");
  return {
      [self](committed_atom, const committed_batch& batch) {
        auto& st = self->state;
        apply_or_defer(batch, st.loaded, st.deferred,
                       [self](const case_commit& c) { on_commit(self, c); });
      },
      [self](assess_atom, const domain::case_event& reported) {
        auto& st = self->state;
        intake_assessment a;
        if (!st.loaded) return a;
        const auto v = st.insight->check_duplicate(reported);
        a.duplicate_of = v.duplicate_of;
        a.possible_duplicate_of = v.possible_duplicate_of;
        a.duplicate_score = v.score;
        a.reporter = st.insight->reporter(reported.report.reporter_hash, reported.at_ms, "");
        return a;
      },
      [self](reporter_atom, const std::string& hash, const std::string& exclude) {
        auto& st = self->state;
        return st.insight->reporter(hash, st.clock->now_ms(), exclude);
      },
      [self](suggest_atom, const domain::case_record& r) {
        auto& st = self->state;
        std::vector<dispatch_option> out;
        for (const auto& s : st.insight->suggest_dispatch(r, st.clock->now_ms()))
          out.push_back(to_option(s));
        return out;
      },
      [self](similar_atom, const domain::case_record& r,
             std::uint64_t k) -> caf::result<std::vector<similar_case>> {
        return resolve_similar(self, self->state.insight->similar(r, k));
      },
      [self](preview_atom, const domain::case_event& reported, std::int64_t repeat_window_ms) {
        return preview(self, reported, repeat_window_ms);
      },
      [self](directory_atom, caf::actor& directory) {
        self->state.directory = std::move(directory);
      },
      [self](queue_atom) -> caf::result<std::uint64_t> {
        auto& st = self->state;
        if (st.loaded) return static_cast<std::uint64_t>(st.insight->open_indexed());
        auto rp = self->make_response_promise<std::uint64_t>();
        st.load_waiters.push_back(rp);
        return rp;
      },
  };
}

}  // namespace cityops
