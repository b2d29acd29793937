#pragma once
// The audit log of scenarios (actors/scenario.hpp): every activation, deactivation and
// failure, and what an active scenario records in its own journal (a war room's resource
// runs, a level change), as one kind of durable event. Pure data; storage/scenario_store
// keeps them, numbered in one sequence across every scenario.

#include <cstdint>
#include <string>
#include <string_view>

namespace cityops::domain {

// The lifecycle kinds the scenario supervisor writes. Any other kind is a journal entry of
// the scenario itself: lower-case ASCII, digits and '_', starting with a letter, at most 32.
namespace scenario_kind {
inline constexpr std::string_view activated = "activated";      // by a caller, with parameters
inline constexpr std::string_view restored = "restored";        // re-activated at start
inline constexpr std::string_view deactivated = "deactivated";  // by a caller or itself
inline constexpr std::string_view failed = "failed";            // threw, stalled, or refused
}  // namespace scenario_kind

struct scenario_event {
  std::uint64_t seq = 0;  // assigned by the store: 1, 2, … across every scenario, never reused
  std::string scenario;   // the registered name
  std::string kind;       // scenario_kind, or the scenario's own journal kind
  std::int64_t at_ms = 0;
  std::string by;          // the principal; "system" at start; "watchdog" for a stall
  std::string parameters;  // activated/restored: the JSON object as given
  std::string detail;      // deactivated: the reason; failed: what went wrong; journal: JSON
  std::uint64_t activation = 0;  // seq of the `activated` event it belongs to (its own seq)
};

// [a-z][a-z0-9_]{0,31}: what names a scenario and a journal kind.
bool valid_scenario_identifier(std::string_view s);
// Whether `kind` is one the supervisor writes (not a journal entry).
bool is_lifecycle_kind(std::string_view kind);
// Whether `kind` may name a journal entry: the shape above and not a lifecycle kind.
bool valid_journal_kind(std::string_view kind);

}  // namespace cityops::domain
