#pragma once
// The versioned binary encoding of stored alerts (`alerts` column family): the same framing
// and tag-length-value fields as event_codec (version byte, body length, fields; defaults
// omitted, unknown tags skipped), with its own tag table (alert_codec.cpp). Pure functions.

#include <string>
#include <string_view>

#include "actors/domain/alert_rules.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

std::string encode_alert(const domain::alert& a);
// corruption for malformed bytes, unsupported for a newer format version.
status decode_alert(std::string_view bytes, domain::alert& out);

}  // namespace cityops::storage
