#pragma once
// The crash test's workload planner: what a load worker sends next. Pure and deterministic —
// the same seed and the same sequence of case states give the same requests — so the
// executable only moves bytes and the choices are unit-tested.
//
// A case is driven by its status as the service last showed it (`case_plan`); the planner
// picks one legal action for that status (mostly the forward path verify → accept →
// dispatch → start → handle → inspect → close → followup, sometimes reject, return, transfer,
// extend + approve_extension, a failed inspection, reopen). When the status is stale (a kill
// interrupted a request, or a tier centre moved the case on its own) the service answers
// 409 with the current status and the worker updates the plan; nothing here waits.

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace cityops::crash {

// What the load knows about one case between requests. Owned by one worker at a time.
struct case_plan {
  std::string id;
  std::string key;         // the Idempotency-Key it was created with
  std::string status;      // wire name, as last seen ("reported", "dispatched", ...)
  std::string department;  // "" when none
  bool pending_extension = false;
  int returns = 0;        // returns this load has sent
  int transfers = 0;
  int reworks = 0;        // failed inspections this load has sent
  int extensions = 0;
  int reopens = 0;
  int conflicts = 0;      // consecutive 409s; the case is put aside after a few
  bool done = false;      // terminal for this workload (closed and followed up, rejected, ...)
};

// One request to send for a case.
struct planned_action {
  std::string action;      // path segment: "verify", "return", "approve_extension", ...
  std::string body;        // JSON body including "by"
  std::string event_type;  // the history entry type the service records for it
};

// The event type an action records ("verify" → "verified", "return" → "returned", ...);
// "" for an action this planner never sends.
std::string_view event_type_for(std::string_view action);

// Statuses no planned action leaves: rejected, followed_up, merged.
bool is_terminal_status(std::string_view status);

class workload_planner {
 public:
  explicit workload_planner(std::uint64_t seed);

  // The next action for `plan` acting as `by` (unique per request, so the acknowledged event
  // is found by it in the reply's history), or nullopt when the plan is finished for this
  // workload (plan.done is set then). Counts the return/transfer/... it plans in `plan`.
  std::optional<planned_action> next(case_plan& plan, const std::string& by,
                                     std::int64_t now_ms);

  // True with probability p (the worker's create-vs-advance and resend choices).
  bool chance(double p);
  // Uniform in [0, n).
  std::size_t pick(std::size_t n);

 private:
  std::mt19937_64 rng_;
};

// The Idempotency-Key of the n-th create of `worker` in `iteration` of run `run_id`:
// "crash-<run>-<iteration>-<worker>-<n>" (printable ASCII, no spaces or tabs).
std::string make_key(const std::string& run_id, int iteration, int worker, std::uint64_t n);

// The POST /api/v1/cases body for `key`; a pure function of the key, so a retry sends the
// same bytes. The text carries the key ("[crash key=<key>] ...") so a listing shows which
// key each case came from; the node is a street of 芝罘区 and the category one its street
// law-enforcement squad handles, so the case waits for our dispatch.
std::string create_body(const std::string& key);

// The key a case's text carries, "" when it carries none.
std::string key_in_text(std::string_view text);

// ISO 8601 UTC ("2026-11-28T01:30:00.000Z") of epoch milliseconds.
std::string iso_utc(std::int64_t ms);

}  // namespace cityops::crash
