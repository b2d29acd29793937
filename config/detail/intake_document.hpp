#pragma once
// The [intake] table of a city document: intake modes per source, classifier thresholds and
// corpus files, duplicate rules (config/README.md). Errors name the dotted key.

#include "config/detail/city_document.hpp"
#include "config/intake_settings.hpp"

namespace cityops::config::detail {

// Applies the keys of `r` (the [intake] table) to `intake`; corpus files are read through
// `ctx.read_file`. Keys absent from the table keep their current values.
void read_intake(table_reader& r, const document_context& ctx, error_slot& errors,
                 intake_settings& intake);

// Fails on the first corpus line that is not "<minor code>\t<text>" with a category of
// `city`, naming the file and line.
void check_corpus(const intake_settings& intake, const city_model& city, error_slot& errors);

}  // namespace cityops::config::detail
