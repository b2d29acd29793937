#pragma once
// Durable 预警函 / 提醒函 (actors/domain/risk_letter.hpp) in the `letters` column family of the
// event store's database. Keys (storage/README.md):
//   l/<letter id>                                  -> encoded letter (letter_codec)
//   n/<year>/<kind>                                -> last number handed out (decimal text)
//   i/<16 hex: INT64_MAX - issued>/<id>            -> empty: every letter, newest first
//   s/<status>/<16 hex: INT64_MAX - issued>/<id>   -> empty: by status, newest first
//
// issue() writes the counter and the letter in one synced WriteBatch: a number handed out is
// never handed out again, also after kill -9.
//
// Thread-safety: const members may run concurrently with one writer; issue() and put() must
// be called from one thread at a time (the store actor). Lifetime: `events` (whose database
// holds the family) must outlive the letter store.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/domain/risk_letter.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

class event_store;

inline constexpr std::size_t letter_list_max_limit = 1000;

struct letter_filter {
  std::optional<domain::letter_status> status;  // nullopt: every letter
  domain::alert_scope scope;  // node among scope_nodes / the addressee; empty = all
};

struct letter_page {
  std::vector<domain::risk_letter> items;  // newest first
  std::string next_cursor;                 // "" when there are no more
};

class letter_store {
 public:
  // Opens the `letters` family of `events`' database, creating it when absent. Call before
  // the event store is shared between threads.
  static status open(event_store& events, std::unique_ptr<letter_store>& out);
  ~letter_store();
  letter_store(const letter_store&) = delete;
  letter_store& operator=(const letter_store&) = delete;

  // Numbers `l` (the next number of its kind in its year, domain::number_letter) and stores
  // it with the raised counter in one synced write. `l.year` must be set.
  status issue(domain::risk_letter& l);

  // Writes `l` over the stored letter of its id (a reply), moving its status entry.
  status put(const domain::risk_letter& l);

  // not_found when no letter has this id.
  status get(const std::string& id, domain::risk_letter& out) const;

  // The last number handed out for `kind` in `year` (0: none yet).
  status last_number(std::int32_t year, domain::letter_kind kind, std::uint32_t& out) const;

  // One page of the letters matching `f`, newest issued first, from one consistent view.
  // `cursor` is "" or a next_cursor of an earlier call with the same status; `limit` is
  // 1..letter_list_max_limit; at most max(20 × limit, 2,000) entries are examined per call.
  // invalid_argument for a bad limit or cursor.
  status list(const letter_filter& f, const std::string& cursor, std::size_t limit,
              letter_page& out) const;

  struct impl;

 private:
  explicit letter_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace cityops::storage
