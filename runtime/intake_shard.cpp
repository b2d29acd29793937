#include "runtime/intake_shard.hpp"

#include <functional>

#include <caf/all.hpp>

#include "actors/intake_decision.hpp"
#include "storage/event_store.hpp"

namespace cityops::intake_detail {

// A keyed report's first attempt, settled by the store actor: back to the key's shard.
struct key_settled {
  std::string scoped_key;
  report_outcome outcome;
  std::optional<domain::domain_error> error;
};

// A (report_atom, ...) request's answer: back to the shard that holds its promise.
struct promised_outcome {
  std::uint64_t id = 0;
  report_outcome outcome;
  std::optional<domain::domain_error> error;
};

}  // namespace cityops::intake_detail

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::intake_detail::key_settled)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::intake_detail::promised_outcome)

namespace cityops {
namespace {

using namespace intake_detail;
using self_ptr = caf::stateful_actor<intake_shard_state>*;

domain::domain_error storage_failure(std::string message) {
  return domain::field_error(domain::error_code::storage_failure, "", std::move(message));
}

domain::domain_error timed_out() {
  return domain::field_error(domain::error_code::timeout, "",
                             "the report was not settled in time; retry with the same "
                             "Idempotency-Key to learn whether it was stored");
}

domain::domain_error key_conflict(const std::string& case_id) {
  return domain::field_error(
      domain::error_code::conflict, "Idempotency-Key",
      "this Idempotency-Key was already used with a different request (case " + case_id + ")");
}

// An answer that comes back to this shard as message T (built by `wrap`), so the shard
// settles it in its own context.
template <class T, class Wrap>
intake_answer_ptr answer_back(self_ptr self, Wrap wrap) {
  auto me = caf::actor_cast<caf::actor>(self);
  return std::make_shared<intake_answer>(
      [me, wrap = std::move(wrap)](domain::result<report_outcome> r) mutable {
        T msg = wrap();
        if (r.ok())
          msg.outcome = std::move(r.value());
        else
          msg.error = r.error();
        caf::anon_send(me, std::move(msg));
      });
}

void arm_sweep(self_ptr self) {
  auto& st = self->state;
  if (st.sweep_armed || st.open.empty()) return;
  st.sweep_armed = true;
  self->delayed_send(self, st.setup.timeout / 4, sweep_atom::value);
}

// Answers `timeout` to every open ticket older than the limit; forgets answered ones.
void sweep(self_ptr self) {
  auto& st = self->state;
  st.sweep_armed = false;
  const auto now = self->clock().now();
  while (!st.open.empty()) {
    auto& [since, answer] = st.open.front();
    if (!answer->answered()) {
      if (now - since < st.setup.timeout) break;
      answer->deliver(timed_out());
    }
    st.open.pop_front();
  }
  arm_sweep(self);
}

void track(self_ptr self, const intake_answer_ptr& answer) {
  self->state.open.emplace_back(self->clock().now(), answer);
  arm_sweep(self);
}

// A new case for `t`: id, `reported` event, the insight actor's assessment, then the commit
// goes to the store actor, which answers `answer` once durable.
void create(self_ptr self, intake_ticket t, intake_answer_ptr answer) {
  auto& st = self->state;
  const auto& ctx = *st.setup.ctx;
  const auto now = ctx.clock.now_ms();
  auto reported = decide_reported(ctx, t.report, now);
  if (!reported) {
    answer->deliver(reported.error());
    return;
  }
  auto id = st.setup.ids->next(now);
  if (!id) {
    answer->deliver(id.error());
    return;
  }
  auto send = [self, id = std::move(*id), key = std::move(t.key), answer](
                  domain::case_event& ev, intake_assessment a) mutable {
    const auto& c = *self->state.setup.ctx;
    intake_commit ic{first_commit(c, id.id, std::move(ev), a, std::move(key)), std::move(id.day),
                     id.seq, std::move(a.reporter), std::move(answer)};
    self->send(c.store, append_atom::value, std::move(ic));
  };
  if (!ctx.intake.insight) {
    send(*reported, {});
    return;
  }
  // Not awaited: the shard goes on with other reports while the insight actor answers.
  self->request(ctx.intake.insight, caf::infinite, assess_atom::value, *reported)
      .then([send, ev = *reported](intake_assessment& a) mutable { send(ev, std::move(a)); },
            // Without the insight actor's answer the case is still taken, unchecked.
            [send, ev = *reported](caf::error&) mutable { send(ev, {}); });
}

void take(self_ptr self, intake_ticket t);

// What create() would decide for `report`, with what the insight actor knows around it.
caf::result<intake_preview> preview(self_ptr self, const domain::new_case& report,
                                    std::int64_t repeat_window_ms) {
  const auto& ctx = *self->state.setup.ctx;
  auto reported = decide_reported(ctx, report, ctx.clock.now_ms());
  if (!reported) return make_domain_error(reported.error());
  intake_preview decided;
  decided.reported = std::move(*reported);
  if (!ctx.intake.insight) return decided;
  auto rp = self->make_response_promise<intake_preview>();
  self->request(ctx.intake.insight, caf::infinite, preview_atom::value, decided.reported,
                repeat_window_ms)
      .then([rp](intake_preview& p) mutable { rp.deliver(std::move(p)); },
            [rp, decided](caf::error&) mutable { rp.deliver(std::move(decided)); });
  return rp;
}

// The key's attempt failed before anything was stored under it: the leader gets the error,
// the waiting tickets start over (the first of them leads).
void fail_key(self_ptr self, const std::string& scoped_key, const intake_answer_ptr& leader,
              const domain::domain_error& err) {
  leader->deliver(err);
  auto waiting = self->state.keys_in_flight.extract(scoped_key);
  if (waiting.empty()) return;
  for (auto& w : waiting.mapped()) take(self, std::move(w));
}

// The key's case is `record` (created now, or found bound with `stored_hash`): the leader
// and every waiting ticket are answered — a replay unless it is the leader of a fresh
// creation, a conflict when its body differs.
void settle_key(self_ptr self, const std::string& scoped_key, const intake_answer_ptr& leader,
                const std::string& leader_hash, const std::string& stored_hash,
                const domain::case_record& record, bool created_now) {
  auto answer = [&](const intake_answer_ptr& a, const std::string& hash, bool replayed) {
    if (hash != stored_hash)
      a->deliver(key_conflict(record.id));
    else
      a->deliver(report_outcome{record, replayed});
  };
  answer(leader, leader_hash, !created_now);
  auto waiting = self->state.keys_in_flight.extract(scoped_key);
  if (waiting.empty()) return;
  for (auto& w : waiting.mapped()) answer(w.answer, w.key.body_hash, true);
}

void take_keyed(self_ptr self, intake_ticket t) {
  auto& st = self->state;
  auto& flights = st.keys_in_flight;
  if (auto it = flights.find(t.key.scoped_key); it != flights.end()) {
    it->second.push_back(std::move(t));  // wait for the request ahead with this key
    return;
  }
  flights.emplace(t.key.scoped_key, std::vector<intake_ticket>{});
  const auto key = t.key;
  storage::idempotency_record bound;
  const auto found = st.setup.store->find_idempotency(key.scoped_key, bound);
  if (found.is_ok()) {
    domain::case_record r;
    const auto loaded = st.setup.store->load_case(bound.case_id, r);
    if (!loaded.is_ok())
      return fail_key(self, key.scoped_key, t.answer, storage_failure(loaded.to_string()));
    return settle_key(self, key.scoped_key, t.answer, key.body_hash, bound.body_hash, r, false);
  }
  if (!found.is_not_found())
    return fail_key(self, key.scoped_key, t.answer, storage_failure(found.to_string()));
  // Created with the key; the outcome comes back here to settle the waiting tickets.
  auto leader = t.answer;
  auto settled = answer_back<key_settled>(self, [scoped = key.scoped_key] {
    key_settled k;
    k.scoped_key = scoped;
    return k;
  });
  st.leaders.emplace(key.scoped_key, intake_shard_state::key_leader{leader, key.body_hash});
  create(self, std::move(t), std::move(settled));
}

void take(self_ptr self, intake_ticket t) {
  track(self, t.answer);
  if (!t.key.scoped_key.empty()) return take_keyed(self, std::move(t));
  auto answer = t.answer;
  create(self, std::move(t), std::move(answer));
}

// A (report_atom, ...) request as a ticket whose answer comes back to `rp`.
intake_ticket promised_ticket(self_ptr self, domain::new_case report, idempotency_key key,
                              caf::response_promise rp) {
  auto& st = self->state;
  const auto id = st.next_promise++;
  const bool bare = key.scoped_key.empty();
  st.promised.emplace(id, intake_shard_state::promised_reply{std::move(rp), bare});
  auto answer = answer_back<promised_outcome>(self, [id] {
    promised_outcome p;
    p.id = id;
    return p;
  });
  return intake_ticket{std::move(report), std::move(key), std::move(answer)};
}

}  // namespace

caf::behavior intake_shard(self_ptr self, intake_shard_setup setup) {
  self->state.setup = std::move(setup);
  return {
      [self](intake_ticket& t) { take(self, std::move(t)); },
      [self](report_atom, domain::new_case& report) {
        auto rp = self->make_response_promise();
        take(self, promised_ticket(self, std::move(report), {}, rp));
        return rp;
      },
      [self](report_atom, domain::new_case& report, idempotency_key& key) {
        auto rp = self->make_response_promise();
        take(self, promised_ticket(self, std::move(report), std::move(key), rp));
        return rp;
      },
      [self](promised_outcome& p) {
        auto node = self->state.promised.extract(p.id);
        if (node.empty()) return;
        auto& reply = node.mapped();
        if (p.error)
          reply.rp.deliver(make_domain_error(*p.error));
        else if (reply.bare_record)
          reply.rp.deliver(std::move(p.outcome.record));
        else
          reply.rp.deliver(std::move(p.outcome));
      },
      [self](key_settled& k) {
        auto node = self->state.leaders.extract(k.scoped_key);
        if (node.empty()) return;
        const auto& leader = node.mapped();
        if (k.error)
          fail_key(self, k.scoped_key, leader.answer, *k.error);
        else
          settle_key(self, k.scoped_key, leader.answer, leader.body_hash, leader.body_hash,
                     k.outcome.record, true);
      },
      [self](preview_atom, const domain::new_case& report, std::int64_t repeat_window_ms) {
        return preview(self, report, repeat_window_ms);
      },
      [self](sweep_atom) { sweep(self); },
  };
}

}  // namespace cityops
