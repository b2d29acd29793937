#pragma once
// The versioned binary encoding of stored letters (`letters` column family): the framing and
// tag-length-value fields of wire_format (version byte, body length, fields; defaults
// omitted, unknown tags skipped), with its own tag table (letter_codec.cpp). Pure functions.

#include <string>
#include <string_view>

#include "actors/domain/risk_letter.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

std::string encode_letter(const domain::risk_letter& l);
// corruption for malformed bytes, unsupported for a newer format version.
status decode_letter(std::string_view bytes, domain::risk_letter& out);

}  // namespace cityops::storage
