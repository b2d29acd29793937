#pragma once
// The alert of a report that holds words of the risk lexicon (敏感词): intake marked the case
// (report.risk, priority urgent) in its first commit; the sensitive-words watch raises this
// alert from the committed mark, at once. Pure: no CAF, no I/O.
//
//   id       "<case id>-w" (one per case: raising it again is a no-op)
//   level    the most severe class's severity: 1 blue, 2 yellow, 3 orange, 4 red
//   scope    the case's report location path, its node and department
//   evidence the case, the words matched and their class

#include <optional>

#include "actors/domain/alert.hpp"
#include "actors/domain/case_record.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

alert_level level_of_severity(unsigned severity);

// nullopt when the case carries no mark.
std::optional<alert> sensitive_words_alert(const case_record& c, const config::city_model& city);

}  // namespace cityops::domain
