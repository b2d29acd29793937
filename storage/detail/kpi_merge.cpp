#include "storage/detail/kpi_merge.hpp"

#include "storage/kpi_codec.hpp"

namespace cityops::storage::detail {
namespace {

class kpi_add : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger*) const override {
    domain::kpi_counters sum;
    if (existing &&
        !decode_kpi_into(std::string_view(existing->data(), existing->size()), sum).is_ok())
      return false;
    if (!decode_kpi_into(std::string_view(value.data(), value.size()), sum).is_ok())
      return false;
    *new_value = encode_kpi(sum);
    return true;
  }
  const char* Name() const override { return "cityops.kpi.add"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> kpi_merge_operator() {
  static const auto op = std::make_shared<kpi_add>();
  return op;
}

}  // namespace cityops::storage::detail
