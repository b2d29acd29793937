#include "storage/kpi_codec.hpp"

#include <limits>

#include "storage/wire_format.hpp"

namespace cityops::storage {
namespace {
constexpr std::uint8_t kpi_format_version = 1;
constexpr std::uint8_t journal_format_version = 1;

// Takes a varint length and that many bytes from the front of `in`.
bool take_sized(std::string_view& in, std::string_view& out) {
  std::uint64_t n = 0;
  if (!wire::get_varint(in, n) || n > in.size()) return false;
  out = in.substr(0, static_cast<std::size_t>(n));
  in.remove_prefix(static_cast<std::size_t>(n));
  return true;
}
}

std::string encode_kpi(const domain::kpi_counters& c) {
  std::string out;
  out.reserve(2 + 4 * c.entries().size());
  out.push_back(static_cast<char>(kpi_format_version));
  std::uint32_t previous = 0;
  for (const auto& [id, n] : c.entries()) {
    wire::put_varint(out, id - previous);
    wire::put_varint(out, wire::zigzag(n));
    previous = id;
  }
  return out;
}

status decode_kpi_into(std::string_view bytes, domain::kpi_counters& out) {
  if (bytes.empty()) return status::corruption("kpi row: empty");
  if (static_cast<std::uint8_t>(bytes[0]) != kpi_format_version)
    return status::corruption("kpi row: unknown format version " +
                              std::to_string(static_cast<unsigned>(bytes[0])));
  bytes.remove_prefix(1);
  std::uint64_t id = 0;
  while (!bytes.empty()) {
    std::uint64_t gap = 0;
    std::uint64_t value = 0;
    if (!wire::get_varint(bytes, gap) || !wire::get_varint(bytes, value))
      return status::corruption("kpi row: cut inside a field");
    id += gap;
    if (id > std::numeric_limits<std::uint32_t>::max())
      return status::corruption("kpi row: field id out of range");
    out.add(static_cast<std::uint32_t>(id), wire::unzigzag(value));
  }
  return status::ok();
}

std::string begin_kpi_journal() { return std::string(1, static_cast<char>(journal_format_version)); }

void append_kpi_journal_row(std::string& journal, std::string_view key,
                            const domain::kpi_counters& additions) {
  const auto row = encode_kpi(additions);
  wire::put_varint(journal, key.size());
  journal += key;
  wire::put_varint(journal, row.size());
  journal += row;
}

std::string encode_kpi_journal(const std::map<std::string, domain::kpi_counters>& rows) {
  std::string out = begin_kpi_journal();
  for (const auto& [key, counters] : rows) append_kpi_journal_row(out, key, counters);
  return out;
}

status decode_kpi_journal_into(std::string_view bytes,
                               std::map<std::string, domain::kpi_counters>& out) {
  if (bytes.empty()) return status::corruption("kpi journal: empty");
  if (static_cast<std::uint8_t>(bytes[0]) != journal_format_version)
    return status::corruption("kpi journal: unknown format version " +
                              std::to_string(static_cast<unsigned>(bytes[0])));
  bytes.remove_prefix(1);
  while (!bytes.empty()) {
    std::string_view key;
    std::string_view row;
    if (!take_sized(bytes, key) || !take_sized(bytes, row))
      return status::corruption("kpi journal: cut inside an entry");
    if (auto s = decode_kpi_into(row, out[std::string(key)]); !s.is_ok()) return s;
  }
  return status::ok();
}

}  // namespace cityops::storage
