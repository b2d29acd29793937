#pragma once
// Durable oversight alerts (actors/domain/alert_rules.hpp) in the `alerts` column family of
// the event store's database. Keys (storage/README.md):
//   a/<alert id>                                   -> encoded alert (alert_codec)
//   s/<status>/<16 hex: INT64_MAX - time>/<id>     -> empty; time = raised (open), acked
//                                                    (acked) or closed (closed), so a
//                                                    scan lists newest first
//
// Thread-safety: const members may run concurrently with one writer; raise() and put() must
// be called from one thread at a time (the store actor). Writes are synced like the event
// store's appends (store_options::sync).
//
// Lifetime: `events` (whose database holds the family) must outlive the alert store.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "actors/domain/alert_rules.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

class event_store;

inline constexpr std::size_t alert_list_max_limit = 1000;

struct alert_filter {
  domain::alert_status status = domain::alert_status::open;
  domain::alert_scope scope;  // node subtree / department (domain::in_scope); empty = all
};

struct alert_page {
  std::vector<domain::alert> items;  // newest first
  std::string next_cursor;           // "" when there are no more
};

class alert_store {
 public:
  // Opens the `alerts` family of `events`' database, creating it when the store has none
  // yet (a store written before alerts existed). Call before the event store is shared
  // between threads.
  static status open(event_store& events, std::unique_ptr<alert_store>& out);
  ~alert_store();
  alert_store(const alert_store&) = delete;
  alert_store& operator=(const alert_store&) = delete;

  // Stores every alert of `batch` whose id is not stored yet, and grows the stored alert of
  // every other (domain::grow: an episode's newer evidence, a higher level; never a closed
  // one), all in one WriteBatch. `stored` gets one alert per input, in order: what is
  // stored after it. So raising the same alert again never duplicates it, nor reopens an
  // acknowledged or closed one.
  status raise(const std::vector<domain::alert>& batch, std::vector<domain::alert>& stored);

  // Writes `a` over the stored alert of the same id (e.g. after domain::acknowledge),
  // moving its status index entry.
  status put(const domain::alert& a);

  // not_found when no alert has this id.
  status get(const std::string& id, domain::alert& out) const;

  // One page of the alerts matching `f`, newest first, read from one consistent view.
  // `cursor` is "" or a next_cursor an earlier call returned for the same status; `limit`
  // is 1..alert_list_max_limit. One call examines at most max(20 × limit, 2,000) entries,
  // so a narrow scope may return fewer items than `limit` with a cursor to go on from.
  // invalid_argument for a bad limit or cursor.
  status list(const alert_filter& f, const std::string& cursor, std::size_t limit,
              alert_page& out) const;

  struct impl;

 private:
  explicit alert_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace cityops::storage
