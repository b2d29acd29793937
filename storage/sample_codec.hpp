#pragma once
// The encodings of the `samples` column family (storage/README.md): sample keys (indicator id
// and big-endian time, so one indicator's history is one ordered range), sample values (the
// bare 8-byte double) and the latest record of an indicator (domain::indicator_status: the
// framing and tag-length-value fields of wire_format, tags in sample_codec.cpp). Pure.

#include <cstdint>
#include <string>
#include <string_view>

#include "actors/domain/indicator_sample.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

// "h/<indicator>/" + 8 bytes: the time, sign bit flipped, big-endian (keys sort by time,
// also across 1970).
std::string sample_key_prefix(std::string_view indicator);
std::string sample_key(std::string_view indicator, std::int64_t at_ms);
// The time of a key made by sample_key; false when the key does not end in 8 time bytes.
bool sample_time_of(std::string_view key, std::int64_t& at_ms);

std::string encode_sample_value(double v);
// corruption unless exactly 8 bytes.
status decode_sample_value(std::string_view bytes, double& out);

// "l/<indicator>": the indicator's latest record.
std::string latest_key(std::string_view indicator);
std::string encode_indicator_status(const domain::indicator_status& s);
// corruption for malformed bytes, unsupported for a newer format version.
status decode_indicator_status(std::string_view bytes, domain::indicator_status& out);

}  // namespace cityops::storage
