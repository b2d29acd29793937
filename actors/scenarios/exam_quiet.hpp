#pragma once
// 考试静音期 (exam quiet period): while the 高考/中考 are written, noise complaints around the
// exam venues are urgent and must be handled within a short limit. The example of
// docs/extending.md, compiled into the service and tested like the rest.
//
// Parameters (a JSON object):
//   area        required  {"node": "<id>"} or {"polygon": [{"lat","lon"}, …]}: around the
//                         venues
//   categories  optional  the noise categories (minor or major codes); default: every
//                         category of the city whose name speaks of noise (噪)
//   sla         optional  {"limit": N, "unit": "hours"|"working_days"}; default 2 hours
//   urgent      optional  boolean, default true: the complaints are urgent
//   until       optional  ISO 8601 time: the period ends by itself then
//   centre      optional  a node whose centre takes the area's noise complaints meanwhile
//   departments optional  departments on duty at that centre: dispatched there at once
//
// While active: an SLA and a priority rule per category in the area, and with a centre a
// routing rule for those categories; open complaints there get the shorter deadline, the
// priority and the centre at once (adjust_open_cases); new complaints are counted.
// GET /api/v1/scenarios/exam_quiet/status shows the period and its complaints. At the end
// the tally is kept in the audit log (journal kind `tally`) and complaints still waiting at
// the centre go back to their own; deadlines and priorities given stand (what was promised
// to a reporter is kept).

#include <memory>

#include "actors/scenario.hpp"

namespace cityops::scenarios {

scenario_description exam_quiet_description();
std::unique_ptr<scenario> make_exam_quiet();

}  // namespace cityops::scenarios
