#pragma once
// The daily report's vocabulary (runtime/daily_reporter.hpp), light to include.
//
//   daily reporter  (daily_atom, get_atom, int64 day) -> daily_report_doc: the stored report
//                   of a past day (generated, numbered and stored on first ask), or today's
//                   provisional one (not stored); invalid_field (`date`) for a future day
//                   (daily_tick_atom, uint64)          -> nothing (its own timer)

#include <cstdint>
#include <string>

#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

namespace cityops {

using daily_atom = caf::atom_constant<caf::atom("daily")>;
using daily_tick_atom = caf::atom_constant<caf::atom("dailytick")>;
using get_atom = caf::get_atom;

struct daily_report_doc {
  std::int64_t day = 0;
  std::uint32_t number = 0;  // 0 = provisional
  bool provisional = false;
  std::string json;
  std::string html;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, daily_report_doc& x) {
  return f(caf::meta::type_name("daily_report_doc"), x.day, x.number, x.provisional, x.json,
           x.html);
}

}  // namespace cityops
