// sample_store: vital-sign samples in the `samples` column family (see sample_store.hpp).
#include "storage/sample_store.hpp"

#include <rocksdb/write_batch.h>

#include "storage/detail/event_store_impl.hpp"
#include "storage/detail/family_pages.hpp"
#include "storage/detail/rocks_setup.hpp"
#include "storage/detail/store_keys.hpp"
#include "storage/event_store.hpp"
#include "storage/sample_codec.hpp"

namespace cityops::storage {

using detail::to_status;

namespace {

constexpr std::string_view cf_samples = "samples";
constexpr std::string_view latest_prefix = "l/";

}  // namespace

struct sample_store::impl {
  rocksdb::DB* db = nullptr;
  rocksdb::ColumnFamilyHandle* family = nullptr;
  bool sync = true;
};

sample_store::sample_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
sample_store::~sample_store() = default;

status sample_store::open(event_store& events, std::unique_ptr<sample_store>& out) {
  out.reset();
  auto& e = *events.impl_;
  auto p = std::make_unique<impl>();
  p->db = e.db.get();
  p->sync = e.options.sync;
  if (auto s = detail::open_family(e, cf_samples, p->family); !s.is_ok()) return s;
  out.reset(new sample_store(std::move(p)));
  return status::ok();
}

status sample_store::write(const std::vector<domain::indicator_sample>& samples,
                           const std::vector<domain::indicator_status>& latest) {
  rocksdb::WriteBatch wb;
  for (const auto& s : samples)
    wb.Put(impl_->family, sample_key(s.indicator, s.at_ms), encode_sample_value(s.value));
  for (const auto& l : latest)
    wb.Put(impl_->family, latest_key(l.indicator), encode_indicator_status(l));
  rocksdb::WriteOptions wo;
  wo.sync = impl_->sync;
  return to_status(impl_->db->Write(wo, &wb),
                   "write " + std::to_string(samples.size()) + " samples");
}

status sample_store::latest(std::vector<domain::indicator_status>& out) const {
  out.clear();
  const std::string prefix(latest_prefix);
  const std::string upper = detail::prefix_successor(prefix);
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->family));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    domain::indicator_status s;
    const auto v = it->value();
    if (auto d = decode_indicator_status(std::string_view(v.data(), v.size()), s); !d.is_ok())
      return status::corruption("latest record " + it->key().ToString() + ": " + d.message());
    out.push_back(std::move(s));
  }
  return to_status(it->status(), "read latest samples");
}

status sample_store::history(const std::string& indicator, std::int64_t from_ms,
                             std::int64_t to_ms,
                             const std::function<void(std::int64_t, double)>& visit) const {
  if (from_ms > to_ms) return status::ok();
  const std::string first = sample_key(indicator, from_ms);
  const std::string upper = to_ms == INT64_MAX ? detail::prefix_successor(sample_key_prefix(indicator))
                                               : sample_key(indicator, to_ms + 1);
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->family));
  for (it->Seek(first); it->Valid(); it->Next()) {
    const auto k = it->key();
    const auto v = it->value();
    std::int64_t at = 0;
    double value = 0;
    if (!sample_time_of(std::string_view(k.data(), k.size()), at))
      return status::corruption("sample key " + k.ToString(true));
    if (auto d = decode_sample_value(std::string_view(v.data(), v.size()), value); !d.is_ok())
      return status::corruption("sample " + k.ToString(true) + ": " + d.message());
    visit(at, value);
  }
  return to_status(it->status(), "read samples of " + indicator);
}

}  // namespace cityops::storage
