#pragma once
// Internal to storage/: the state behind event_store (RocksDB handles, the case counter),
// shared by event_store.cpp (open, writes) and event_store_reads.cpp.

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "storage/detail/kpi_rows.hpp"
#include "storage/detail/rocks_setup.hpp"
#include "storage/event_store.hpp"

namespace cityops::storage {

struct event_store::impl {
  store_options options;
  std::shared_ptr<rocksdb::Cache> block_cache;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // every opened family; destroyed first
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* cases = nullptr;
  rocksdb::ColumnFamilyHandle* idx = nullptr;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* idem = nullptr;
  rocksdb::ColumnFamilyHandle* kpi = nullptr;
  // Written only by append() (one writer), read by case_count() from any thread.
  std::atomic<std::uint64_t> case_count{0};
  // Keys written (put or deleted) by append(), per family in the order of `families()`.
  std::array<std::atomic<std::uint64_t>, 6> written{};
  std::array<rocksdb::ColumnFamilyHandle*, 6> families() const {
    return {events, cases, idx, meta, idem, kpi};
  }
  // The KPI rows append() keeps, written behind a journal (kpi_rows.hpp).
  detail::kpi_rows kpi_rows;
  // Cases by current status (index = case_status); written to `meta` when the store closes.
  std::array<std::atomic<std::uint64_t>, case_status_count> status_counts{};

  impl() = default;
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;
  ~impl();
};

}  // namespace cityops::storage
