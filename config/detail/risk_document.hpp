#pragma once
// The [risk] table of a city document (config/README.md): the sensitive-word lexicon file it
// names and the thresholds of the risk watch's detectors. Errors name the dotted key, or the
// lexicon file and the key inside it.

#include "config/detail/city_document.hpp"
#include "config/risk_settings.hpp"

namespace cityops::config::detail {

// Applies the keys of `r` (the [risk] table) to `risk`; the lexicon file is read through
// `ctx.read_file` and merged into `risk.lexicon`: a class with a code already there gains the
// file's words (and takes its name and severity when given), a new class is appended and
// needs its name and severity. Keys absent from the table keep their current values.
void read_risk(table_reader& r, const document_context& ctx, error_slot& errors,
               risk_settings& risk);

}  // namespace cityops::config::detail
