#pragma once
// The scenarios' audit log and active set (actors/domain/scenario_event.hpp) in the
// `scenarios` column family of the event store's database. Keys (storage/README.md):
//   e/<scenario>/<16 hex seq>  -> an event (activation, deactivation, failure, journal entry)
//   a/<scenario>               -> its activation event while it is active
//   n                          -> the last seq handed out (decimal text)
// write() numbers a list of events and puts them, the active-set changes they make and the
// counter in one synced WriteBatch: an `activated` event makes its scenario active,
// `deactivated` and `failed` end it. So the active set a restart restores is exactly what the
// log says, also after kill -9.
//
// Thread-safety: const members may run concurrently with one writer; write() must be called
// from one thread at a time (the store actor). Lifetime: `events` must outlive the store.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/scenario_event.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

class event_store;

std::string encode_scenario_event(const domain::scenario_event& e);
status decode_scenario_event(std::string_view bytes, domain::scenario_event& out);

class scenario_store {
 public:
  // Opens the `scenarios` family of `events`' database, creating it when absent, and reads
  // the counter. Call before the event store is shared between threads.
  static status open(event_store& events, std::unique_ptr<scenario_store>& out);
  ~scenario_store();
  scenario_store(const scenario_store&) = delete;
  scenario_store& operator=(const scenario_store&) = delete;

  // Numbers `events` in order (seq; an `activated` event's activation is its own seq) and
  // writes them with the active-set changes in one synced write. On failure nothing is
  // written and the numbers are handed out again.
  status write(std::vector<domain::scenario_event>& events);

  // The activation events of the scenarios active now, oldest activation first.
  status active(std::vector<domain::scenario_event>& out) const;
  // One scenario's events, newest first, with seq < before_seq (0: from the newest), at most
  // `limit`.
  status history(const std::string& scenario, std::uint64_t before_seq, std::size_t limit,
                 std::vector<domain::scenario_event>& out) const;
  // The journal entries of one activation (not its lifecycle events), oldest first.
  status journal(const std::string& scenario, std::uint64_t activation,
                 std::vector<domain::scenario_event>& out) const;

  struct impl;

 private:
  explicit scenario_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace cityops::storage
