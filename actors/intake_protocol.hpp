#pragma once
// The intake spine's vocabulary: how a report travels from the gateway through an intake
// shard to the store actor without a CAF request/response per report, and how the committed
// stream hands subscribers whole batches.
//
//   gateway ──(intake_ticket)──▶ intake shard ──(append_atom, intake_commit)──▶ store actor
//        ▲                                                                        │
//        └──────────── intake_answer::deliver (once the batch is synced) ─────────┘
//
// The store actor publishes each synced batch once as (committed_atom, committed_batch).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

#include "actors/domain/domain_error.hpp"
#include "actors/protocol.hpp"

namespace cityops {

// A periodic self-message: an intake shard's time-limit sweep, the directory's passivation
// sweep.
using sweep_atom = caf::atom_constant<caf::atom("sweep")>;

// Whom a report is answered to: called exactly once, by whoever settles the report first —
// the store actor after the synced write (or its failure), the shard for a report refused
// before it was written, or the shard's sweep with `timeout` when the report is older than
// the service's request timeout. Later calls do nothing. Thread-safe; the callback must be
// cheap (the gateway's posts the response to the connection's executor).
class intake_answer {
 public:
  using callback = std::function<void(domain::result<report_outcome>)>;
  explicit intake_answer(callback fn) : fn_(std::move(fn)) {}
  // True when this call answered.
  bool deliver(domain::result<report_outcome> outcome) {
    if (done_.exchange(true, std::memory_order_acq_rel)) return false;
    fn_(std::move(outcome));
    fn_ = nullptr;
    return true;
  }
  bool answered() const { return done_.load(std::memory_order_acquire); }

 private:
  std::atomic<bool> done_{false};
  callback fn_;
};

using intake_answer_ptr = std::shared_ptr<intake_answer>;

// One report handed to an intake shard (fire and forget).
struct intake_ticket {
  domain::new_case report;
  idempotency_key key;  // scoped_key "" when the report carries none
  intake_answer_ptr answer;
};

// A new case's first write, from a shard to the store actor: the commit, the id number it
// uses (raised in the persisted counter by the same WriteBatch), the caller's history for
// the reply, and whom to answer once the batch is durable.
struct intake_commit {
  case_commit commit;
  std::string id_scope;  // the counter the case id's number comes from (its day)
  std::uint64_t id_seq = 0;
  domain::reporter_summary reporter;
  intake_answer_ptr answer;
};

// Which of `shards` intake shards takes a report: the key's shard for a keyed report (one
// shard owns each key), else `spread` — any number that varies between calls, e.g. a
// per-thread counter — modulo the count.
inline std::size_t intake_shard_for(const idempotency_key& key, std::size_t shards,
                                    std::uint64_t spread) {
  if (shards <= 1) return 0;
  if (key.scoped_key.empty()) return static_cast<std::size_t>(spread % shards);
  return std::hash<std::string>{}(key.scoped_key) % shards;
}

// Every case commit of one synced WriteBatch, in commit order: what the committed stream
// carries, one message per batch.
struct committed_batch {
  std::vector<case_commit> commits;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, committed_batch& x) {
  return f(caf::meta::type_name("committed_batch"), x.commits);
}

// For a subscriber that loads its state from the store at start: each commit of `batch` goes
// to `apply` once `loaded`, else waits in `deferred` for the end of the load.
template <class Apply>
void apply_or_defer(const committed_batch& batch, bool loaded,
                    std::vector<case_commit>& deferred, Apply apply) {
  for (const auto& c : batch.commits) {
    if (loaded)
      apply(c);
    else
      deferred.push_back(c);
  }
}

}  // namespace cityops

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::intake_ticket)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::intake_commit)
