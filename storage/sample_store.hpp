#pragma once
// Durable samples of the city's vital signs (actors/domain/indicator_sample.hpp) in the
// `samples` column family of the event store's database. Keys (storage/README.md):
//   h/<indicator>/<8 bytes: time, sign bit flipped, big-endian> -> the value (8-byte double)
//   l/<indicator>                                            -> the latest record
//                                                               (indicator_status)
// One indicator's history is one key range in time order: a range read is one iterator scan.
// write() puts a batch's samples and the indicators' new latest records in one synced
// WriteBatch, so the latest record never names a sample that is not stored.
//
// Thread-safety: const members may run concurrently with one writer; write() must be called
// from one thread at a time (the store actor). Lifetime: `events` (whose database holds the
// family) must outlive the sample store.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/domain/indicator_sample.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

class event_store;

class sample_store {
 public:
  // Opens the `samples` family of `events`' database, creating it when absent. Call before
  // the event store is shared between threads.
  static status open(event_store& events, std::unique_ptr<sample_store>& out);
  ~sample_store();
  sample_store(const sample_store&) = delete;
  sample_store& operator=(const sample_store&) = delete;

  // Stores `samples` (a sample with the time of a stored one of its indicator replaces it)
  // and `latest` (each replaces its indicator's record) in one synced write.
  status write(const std::vector<domain::indicator_sample>& samples,
               const std::vector<domain::indicator_status>& latest);

  // Every indicator's latest record, by indicator id.
  status latest(std::vector<domain::indicator_status>& out) const;

  // The samples of `indicator` with from_ms <= at <= to_ms, oldest first, one call of
  // `visit(at_ms, value)` each, from one consistent view.
  status history(const std::string& indicator, std::int64_t from_ms, std::int64_t to_ms,
                 const std::function<void(std::int64_t, double)>& visit) const;

  struct impl;

 private:
  explicit sample_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace cityops::storage
