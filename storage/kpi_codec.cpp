#include "storage/kpi_codec.hpp"

#include <limits>

#include "storage/wire_format.hpp"

namespace cityops::storage {
namespace {
constexpr std::uint8_t kpi_format_version = 1;
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

}  // namespace cityops::storage
