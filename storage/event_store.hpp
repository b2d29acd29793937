#pragma once
// The durable case store over RocksDB (docs/design.md "Storage layout"): column families
// `events` (case id + big-endian seq -> encoded event), `cases` (latest snapshot), `idx`
// (secondary keys -> empty value), `meta` (schema version, id counters) and `idem`
// (idempotency keys of reports -> the case they created).
//
// Thread-safety: every const member may be called from any thread concurrently with one
// writer; append() and reserve_ids() must be called from one thread at a time (the store
// actor). The store owns its RocksDB handles; close by destroying it.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/domain/case_record.hpp"
#include "storage/case_query.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

class alert_store;
class quarantine_store;

// A client's Idempotency-Key bound to the case its request created. `key` is already scoped
// by the caller (principal + key); `body_hash` identifies the request body, so a key reused
// with another body can be refused.
struct idempotency_record {
  std::string key;
  std::string case_id;
  std::string body_hash;
};

// Everything one case contributes to a write batch.
struct case_write {
  std::string case_id;
  std::vector<domain::case_event> events;        // new events, ascending seq
  domain::case_record snapshot;                  // state after them (its history is not stored)
  std::optional<domain::case_record> previous;   // state before them; nullopt for a new case
  // Only with a new case (previous == nullopt): written in the same WriteBatch as its first
  // event, so a key never exists without its case nor the case without its key.
  std::optional<idempotency_record> idempotency;
};

// The highest number of the id counter `scope` (e.g. a day "20261128") that a batch's cases
// use. The counter is raised to it in the same WriteBatch, never lowered, so the numbers of
// stored cases are never handed out again after a restart; numbers handed out but never
// stored may be, which is harmless (nobody was told about them).
struct id_mark {
  std::string scope;
  std::uint64_t used = 0;
};

struct store_options {
  bool sync = true;                 // fsync the WAL on every append (acknowledged = durable)
  std::size_t block_cache_bytes = 64u << 20;
  // Fault injection for tests: asked before each append's write; a status other than ok
  // fails the append as a disk error would, with nothing written. Empty in the service.
  std::function<status()> before_write;
  // The KPI counters (`kpi` family) kept with every append; off only in the benchmark that
  // measures what they cost (cityops-bench kpi-append).
  bool kpi_counters = true;
};

// One page of an index scan.
struct index_page {
  std::vector<std::string> case_ids;
  std::string next_cursor;  // empty when there are no more
};

class event_store {
 public:
  static constexpr std::uint32_t schema_version = 1;

  // Opens (or creates) the store in `dir`. Fails with `unsupported` when the directory holds a
  // newer schema version than this binary understands.
  static status open(const std::string& dir, const store_options& options,
                     std::unique_ptr<event_store>& out);
  ~event_store();
  event_store(const event_store&) = delete;
  event_store& operator=(const event_store&) = delete;

  // Writes all records of `batch` atomically in one WriteBatch (events, snapshots, index
  // changes derived from previous → snapshot, idempotency keys of new cases). With
  // options.sync the call returns only after the WAL is on disk. A key already bound to
  // another case, or bound twice in one batch, fails the whole batch (invalid_argument).
  // `marks` raise id counters in the same write (id_mark).
  status append(const std::vector<case_write>& batch, const std::vector<id_mark>& marks = {});

  // The case's snapshot plus its full history; not_found when the case does not exist.
  status load_case(const std::string& case_id, domain::case_record& out) const;
  // The record of an idempotency key (`out.case_id`, `out.body_hash`); not_found when the key
  // was never bound.
  status find_idempotency(const std::string& key, idempotency_record& out) const;
  // Only the events, ascending seq (ok and empty when the case has none).
  status read_events(const std::string& case_id, std::vector<domain::case_event>& out) const;

  // Reserves `count` consecutive numbers from the persisted counter `scope` (e.g. a day
  // "20261128") and returns the first; the reservation is synced before returning, so a
  // number is never handed out twice, even across crashes.
  status reserve_ids(const std::string& scope, std::uint64_t count, std::uint64_t& first);
  // The persisted value of the id counter `scope` (0 when it was never used): the highest
  // number reserved or stored so far. Safe from any thread.
  status id_counter(const std::string& scope, std::uint64_t& value) const;

  // Case ids under one secondary index (see index_keys.hpp for the families), in key order,
  // starting after `cursor` (empty = from the start), at most `limit`.
  status scan_index(const std::string& prefix, const std::string& cursor, std::size_t limit,
                    index_page& out) const;

  // One page of the cases matching `f` (case_query.hpp: driving index, order, cursor), read
  // from one consistent view. `cursor` is "" for the first page, else a next_cursor an
  // earlier call returned for the same filter; `limit` is 1..case_query_max_limit. Fails with
  // invalid_argument for a bad limit or a cursor that does not belong to this filter.
  status query_cases(const case_filter& f, const std::string& cursor, std::size_t limit,
                     case_query_page& out) const;

  // Snapshots (no history) of every open case waiting on `party` — a department, or a tier
  // node's centre (domain::waiting_on; the w/d/ and w/n/ indexes) — in case id order, from
  // one consistent view. For rebuilding a department's or node's queue after a restart.
  status load_waiting(const domain::waiting_party& party,
                      std::vector<domain::case_record>& out) const;

  // Every open case waiting on anyone (the whole w/ index) with its party, from one
  // consistent view, in index order: the start-up rebuild of all queues in one scan.
  struct waiting_case {
    domain::waiting_party party;
    domain::case_record record;  // snapshot, no history
  };
  status load_all_waiting(std::vector<waiting_case>& out) const;

  // Number of cases stored (exact: the sum of status_counts()).
  std::uint64_t case_count() const;
  // Cases by current status, indexed by domain::case_status. Exact: kept in memory by
  // append() and written to `meta` when the store closes; an open after a clean close reads
  // them, one after a crash counts the s/ index once (a key-only scan).
  static constexpr std::size_t case_status_count =
      static_cast<std::size_t>(domain::case_status::merged) + 1;
  std::array<std::uint64_t, case_status_count> status_counts() const;

  // A few RocksDB properties as "name value" lines, for /metrics and diagnostics, and the
  // keys append() wrote per family since the store was opened
  // (`cityops_storage_written_keys{cf="…"}`).
  std::string stats() const;

  struct impl;

 private:
  friend class alert_store;       // keeps its `alerts` column family in this database
  friend class quarantine_store;  // keeps its entries under q/ in `meta`
  friend class letter_store;      // keeps its `letters` column family in this database
  friend class report_store;      // keeps its `reports` column family in this database
  friend class kpi_reader;        // reads the `kpi` family append() writes
  friend class sample_store;      // keeps its `samples` column family in this database
  friend class scenario_store;    // keeps its `scenarios` column family in this database
  explicit event_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace cityops::storage
