#pragma once
// Writes generated cases (seed_generator.hpp) into a data directory the way cityopsd lays it
// out: DATA/store is the event store, DATA/reporter.salt the salt the gateway hashes phones
// with (created when absent, as the service does). Every case goes through
// storage::event_store::append as a new case (previous = nullopt, snapshot = its state after
// its whole history), so the events, the snapshot, every idx/ key and the case counter are
// exactly what the store derives for the service; ids come from event_store::reserve_ids
// per report day (scope "YYYYMMDD", like the case directory), so a later intake on the same
// day continues after them. Overdue and supervised events get their alerts (alert_store),
// acknowledged for closed cases and for about half of the open ones.
//
// Writes go in big batches with sync off; at the end the store is closed, reopened once
// (RocksDB flushes the recovered write-ahead log to table files, so the service does not
// replay it at start), left open until background compactions settle, closed, and the file
// system is synced.

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "config/city_model.hpp"
#include "tools/bench/seed_generator.hpp"

namespace cityops::bench {

struct seed_run_options {
  std::uint64_t cases = 1'000'000;
  std::size_t batch = 10'000;        // cases per WriteBatch
  seed_options generator;            // generator.now_ms == 0: the current time
  bool settle = true;                // wait for compactions after the reopen
  std::uint32_t settle_limit_s = 300;
  // Called after every written batch with the number of cases written so far.
  std::function<void(std::uint64_t)> progress;
};

struct seed_result {
  std::uint64_t cases = 0;
  std::uint64_t events = 0;
  std::uint64_t alerts = 0;
  std::uint64_t open_cases = 0;
  std::uint64_t overdue_open = 0;
  std::map<std::string, std::uint64_t> by_status;  // status wire name -> cases
  std::uint32_t days = 0;
  std::string first_id;
  std::string last_id;
  double write_s = 0;    // generating + appending, sync off
  double close_s = 0;    // closing after the last batch
  double reopen_s = 0;   // reopening (WAL replayed and flushed) and closing again
  double settle_s = 0;   // waiting for compactions after the reopen
  double sync_s = 0;     // sync(2) at the end
  std::uint64_t store_bytes = 0;  // DATA/store on disk at the end
};

// Seeds `data_dir` (created when missing). Fails when DATA/store already holds cases.
bool seed_data_dir(const std::string& data_dir, const config::city_model& city,
                   const seed_run_options& options, seed_result& out, std::string& error);

// Total size of the regular files below `dir` (0 when it does not exist).
std::uint64_t directory_bytes(const std::string& dir);

}  // namespace cityops::bench
