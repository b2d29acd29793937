// storage/quarantine_store against a real RocksDB: entries survive reopen, release removes
// them, and malformed bytes are refused by the decoder.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "storage/event_store.hpp"
#include "storage/quarantine_store.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops;

namespace {

std::unique_ptr<storage::event_store> open_store(const std::string& dir) {
  std::unique_ptr<storage::event_store> store;
  REQUIRE(storage::event_store::open(dir, storage::store_options{}, store).is_ok());
  return store;
}

}  // namespace

TEST_CASE("quarantine entries are kept across reopen and removed on release",
          "[storage][quarantine]") {
  testing::temp_dir dir;
  {
    auto store = open_store(dir.path());
    storage::quarantine_store q(*store);
    REQUIRE(q.put({"3706-20261128-000002", "bad attachment", 1795829400000, 2}).is_ok());
    REQUIRE(q.put({"3706-20261128-000001", "decoder: overflow", 1795829500000, 2}).is_ok());
  }
  auto store = open_store(dir.path());
  storage::quarantine_store q(*store);
  std::vector<domain::quarantine_entry> all;
  REQUIRE(q.list(all).is_ok());
  REQUIRE(all.size() == 2);
  CHECK(all[0].case_id == "3706-20261128-000001");  // case id order
  CHECK(all[0].reason == "decoder: overflow");
  CHECK(all[1].at_ms == 1795829400000);
  CHECK(all[1].failures == 2);
  bool removed = false;
  REQUIRE(q.remove("3706-20261128-000001", removed).is_ok());
  CHECK(removed);
  REQUIRE(q.remove("3706-20261128-000001", removed).is_ok());
  CHECK_FALSE(removed);
  REQUIRE(q.list(all).is_ok());
  CHECK(all.size() == 1);
  // Other meta keys (counters) are not mistaken for entries.
  CHECK(store->case_count() == 0);
}

TEST_CASE("quarantine entries round-trip and malformed bytes are refused",
          "[storage][quarantine]") {
  domain::quarantine_entry in{"3706-20261128-000009", "线程异常", 42, 3};
  domain::quarantine_entry out;
  REQUIRE(storage::decode_quarantine(storage::encode_quarantine(in), out).is_ok());
  CHECK(out.case_id == in.case_id);
  CHECK(out.reason == in.reason);
  CHECK(out.at_ms == 42);
  CHECK(out.failures == 3);
  const auto bytes = storage::encode_quarantine(in);
  CHECK_FALSE(storage::decode_quarantine(bytes.substr(0, bytes.size() - 1), out).is_ok());
  CHECK_FALSE(storage::decode_quarantine("", out).is_ok());  // no case id
  CHECK_FALSE(storage::decode_quarantine(std::string("\x01\x7f", 2), out).is_ok());
}
