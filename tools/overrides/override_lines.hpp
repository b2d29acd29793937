#pragma once
// Operators' corrections of the classifier, as new training lines: a case whose category an
// operator changed — a `reclassified` event, or a first category given at verify/accept/
// confirm that differs from the classifier's suggestion — teaches the model its text under
// the category people settled on. Pure: the tool reads the store, this decides.

#include <optional>
#include <string>
#include <vector>

#include "actors/domain/case_record.hpp"

namespace cityops::overrides {

struct override_line {
  std::string case_id;
  std::string suggested;  // what the classifier said ("" when it had no opinion)
  std::string category;   // what the case ended up as
  std::string by;         // who made the last change of category
  std::string text;       // the report's text on one line (tabs and newlines as spaces)
};

// The training line `record` (with its full history) gives, or nothing when no person
// overrode the classifier (no classification, no category, or the category is the one
// suggested and never changed by a person).
std::optional<override_line> override_of(const domain::case_record& record);

// "# <case> <suggested>-><category> by <who>\n<category>\t<text>\n": a comment naming the
// source, then the corpus line (config/README.md [intake] corpus format).
std::string format_line(const override_line& line);

}  // namespace cityops::overrides
