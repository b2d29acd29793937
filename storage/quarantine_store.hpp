#pragma once
// Quarantined cases (actors/domain/quarantine.hpp), kept in the event store's `meta` family
// under q/<case id> so a quarantine survives a restart: the poison input that killed a case
// actor twice must not get two fresh attempts after every restart.
// Value: TLV fields (storage/wire_format.hpp) 1 case id, 2 reason, 3 at_ms, 4 failures.
//
// Thread-safety: like the event store — const members from any thread, writes from one
// thread at a time (the store actor). Writes are synced like appends (store_options::sync).
// Lifetime: `events` must outlive the quarantine store.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/quarantine.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

class event_store;

// Encoding of one entry; decode fails with corruption on malformed bytes.
std::string encode_quarantine(const domain::quarantine_entry& q);
status decode_quarantine(std::string_view bytes, domain::quarantine_entry& out);

class quarantine_store {
 public:
  explicit quarantine_store(event_store& events);
  // Writes (or overwrites) the entry of q.case_id.
  status put(const domain::quarantine_entry& q);
  // Removes the entry; `removed` says whether there was one.
  status remove(const std::string& case_id, bool& removed);
  // Every entry, in case id order.
  status list(std::vector<domain::quarantine_entry>& out) const;

 private:
  event_store& events_;
};

}  // namespace cityops::storage
