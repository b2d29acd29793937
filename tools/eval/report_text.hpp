#pragma once
// The evaluation as a readable text table (sections 1–5: category, department, no-touch
// share, duplicates, timing).

#include <ostream>
#include <string>

#include "tools/eval/eval_report.hpp"

namespace cityops::eval {

// "87.3 %" (one decimal).
std::string percent(double share);

void print_report(std::ostream& out, const eval_report& report);

}  // namespace cityops::eval
