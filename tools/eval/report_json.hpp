#pragma once
// The evaluation as one JSON document (the --json file): the same figures as the text
// table, shares as fractions in [0, 1], times in microseconds.

#include <string>

#include "tools/eval/eval_report.hpp"

namespace cityops::eval {

std::string report_json(const eval_report& report);

}  // namespace cityops::eval
