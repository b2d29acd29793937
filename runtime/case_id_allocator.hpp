#pragma once
// Case ids for every intake shard: "<city>-<yyyymmdd>-<seq>", seq counting per local day from
// the store's persisted counter of that day. Nothing is written when a number is handed out:
// the store raises the counter in the same WriteBatch as the case that uses the number
// (storage::id_mark), so the id of a stored case is never handed out again, while a number
// whose case was never stored may be after a restart — harmless, since nobody was told it.
// Thread-safe: the shards share one allocator (a mutex around two integers; the store is
// read only when the day changes).

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "actors/domain/domain_error.hpp"

namespace cityops {

// "<city>-<yyyymmdd>-<seq>", seq zero-padded to six digits (more when it grows beyond).
std::string make_case_id(const std::string& city, const std::string& day, std::uint64_t seq);

class case_id_allocator {
 public:
  // Reads the persisted counter of `day` (0 when never used) into `value`; false with
  // `error` set when the store cannot be read.
  using counter_reader =
      std::function<bool(const std::string& day, std::uint64_t& value, std::string& error)>;

  struct allocated {
    std::string id;
    std::string day;  // the counter's scope
    std::uint64_t seq = 0;
  };

  case_id_allocator(std::string city_id, counter_reader read_counter);

  // The next id for a case reported at `now_ms` (its local day); storage_failure when the
  // day's counter cannot be read.
  domain::result<allocated> next(std::int64_t now_ms);

 private:
  std::string city_id_;
  counter_reader read_counter_;
  std::mutex mutex_;
  std::string day_;
  std::uint64_t last_ = 0;  // the last number handed out for day_
};

}  // namespace cityops
