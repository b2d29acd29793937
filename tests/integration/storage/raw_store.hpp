#pragma once
// Shared by the storage integration tests: a closed store opened with RocksDB itself (every
// family), to read and write keys the store API does not show.

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include <rocksdb/db.h>

namespace cityops::storage_test {

class raw_store {
 public:
  explicit raw_store(const std::string& dir) {
    std::vector<std::string> names;
    REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), dir, cfs, &handles_, &raw).ok());
    db_.reset(raw);
  }
  ~raw_store() {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  }
  raw_store(const raw_store&) = delete;
  raw_store& operator=(const raw_store&) = delete;

  rocksdb::DB& db() { return *db_; }
  rocksdb::ColumnFamilyHandle* family(const std::string& name) {
    for (auto* h : handles_)
      if (h->GetName() == name) return h;
    FAIL("no column family " << name);
    return nullptr;
  }
  std::vector<std::string> keys(const std::string& name) {
    std::vector<std::string> out;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), family(name)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) out.push_back(it->key().ToString());
    return out;
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace cityops::storage_test
