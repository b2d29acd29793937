// report_store: published reports in the `reports` column family (see report_store.hpp).
#include "storage/report_store.hpp"

#include <rocksdb/write_batch.h>

#include "config/civil_date.hpp"
#include "storage/detail/event_store_impl.hpp"
#include "storage/detail/family_pages.hpp"
#include "storage/detail/store_keys.hpp"
#include "storage/event_store.hpp"
#include "storage/wire_format.hpp"

namespace cityops::storage {

using detail::to_status;

namespace {

constexpr std::string_view cf_reports = "reports";
constexpr std::uint8_t report_format_version = 1;
namespace tag {
constexpr std::uint32_t number = 1, year = 2, generated_ms = 3, json = 4, html = 5;
}

std::string daily_key(std::int64_t day) { return "d/" + config::compact_date(day); }

std::string counter_key(std::int32_t year) { return "n/" + std::to_string(year); }

std::string encode(const stored_report& r) {
  std::string body;
  wire::field_writer w(body);
  w.uint(tag::number, r.number);
  w.sint(tag::year, r.year);
  w.sint(tag::generated_ms, r.generated_ms);
  w.bytes(tag::json, r.json);
  w.bytes(tag::html, r.html);
  return wire::frame_record(report_format_version, body);
}

status decode(std::string_view bytes, stored_report& r) {
  std::string_view body;
  std::size_t offset = 0;
  if (auto s = wire::unframe_record(bytes, report_format_version, "report", body, offset);
      !s.is_ok())
    return s;
  wire::field_reader fields(body, offset, "report");
  while (!fields.done()) {
    wire::field f;
    if (auto s = fields.next(f); !s.is_ok()) return s;
    auto value = f.value;
    std::uint64_t v = 0;
    switch (f.tag) {
      case tag::number:
        if (!wire::get_varint(value, v)) return status::corruption("report: number");
        r.number = static_cast<std::uint32_t>(v);
        break;
      case tag::year:
        if (!wire::get_varint(value, v)) return status::corruption("report: year");
        r.year = static_cast<std::int32_t>(wire::unzigzag(v));
        break;
      case tag::generated_ms:
        if (!wire::get_varint(value, v)) return status::corruption("report: time");
        r.generated_ms = wire::unzigzag(v);
        break;
      case tag::json: r.json.assign(value); break;
      case tag::html: r.html.assign(value); break;
      default: break;  // a newer field
    }
  }
  return status::ok();
}

}  // namespace

struct report_store::impl {
  rocksdb::DB* db = nullptr;
  rocksdb::ColumnFamilyHandle* family = nullptr;
  bool sync = true;
};

report_store::report_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
report_store::~report_store() = default;

status report_store::open(event_store& events, std::unique_ptr<report_store>& out) {
  out.reset();
  auto& e = *events.impl_;
  auto p = std::make_unique<impl>();
  p->db = e.db.get();
  p->sync = e.options.sync;
  if (auto s = detail::open_family(e, cf_reports, p->family); !s.is_ok()) return s;
  out.reset(new report_store(std::move(p)));
  return status::ok();
}

status report_store::find_daily(std::int64_t day, stored_report& out) const {
  std::string bytes;
  const auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->family, daily_key(day), &bytes);
  if (s.IsNotFound()) return status::not_found("no daily report of that day");
  if (!s.ok()) return to_status(s, "read daily report");
  out = stored_report{};
  out.day = day;
  return decode(bytes, out);
}

status report_store::next_number(std::int32_t year, std::uint32_t& out) const {
  std::string text;
  const auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->family, counter_key(year), &text);
  if (s.IsNotFound()) {
    out = 1;
    return status::ok();
  }
  if (!s.ok()) return to_status(s, "read report counter");
  out = static_cast<std::uint32_t>(std::strtoull(text.c_str(), nullptr, 10)) + 1;
  return status::ok();
}

status report_store::publish_daily(const stored_report& r) {
  stored_report existing;
  const auto found = find_daily(r.day, existing);
  if (found.is_ok()) return status::invalid_argument("the day has a daily report already");
  if (found.error_code() != status::code::not_found) return found;
  rocksdb::WriteBatch wb;
  wb.Put(impl_->family, counter_key(r.year), detail::encode_counter(r.number));
  wb.Put(impl_->family, daily_key(r.day), encode(r));
  rocksdb::WriteOptions wo;
  wo.sync = impl_->sync;
  return to_status(impl_->db->Write(wo, &wb), "publish daily report");
}

}  // namespace cityops::storage
