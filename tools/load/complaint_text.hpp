#pragma once
// Chinese complaint texts as the 12345 line, grid workers, cameras, sensors and apps write
// them: a template per source filled with one of the category's keywords, a spot near the
// community, a time and a detail fitting the category's major class. Realistic enough that
// the service's text handling (UTF-8 checks, keyword classification, storage size) works as
// in production; deterministic for a given generator state.

#include <string>

#include "tools/load/catalogue.hpp"
#include "tools/load/rng.hpp"

namespace cityops::load {

enum class case_source { hotline, grid, video, iot, app, open311 };

const char* to_string(case_source s);

// A complaint text about `cat` near `where`, phrased as `source` reports it. Never empty,
// always valid UTF-8, well under the service's 8,000-byte limit.
std::string complaint_text(case_source source, const category_info& cat,
                           const community_info& where, rng& r);

// A plausible mainland mobile number (1[3-9]x xxxx xxxx), for reporter.phone.
std::string phone_number(rng& r);
// A reporter's name: a common surname with 先生/女士, or a full given name.
std::string reporter_name(rng& r);

}  // namespace cityops::load
