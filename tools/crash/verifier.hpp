#pragma once
// The crash test's verdict: what the service acknowledged before a kill -9 (the ack ledger)
// against what it returns after the restart. Pure comparisons — the executable fetches the
// cases, the listing and the replies to Idempotency-Key retries and hands them in.
//
// Rules (each broken rule is one `violation`):
// - every acknowledged case exists (GET is not 404) and carries its key in its text;
// - its history is seq 1, 2, … n without gaps, starting with `reported`;
// - every acknowledged transition is in the history at its seq with the same type, status
//   and `by`; the history still begins with every event the acknowledging reply showed
//   (none of them lost). Events after them are fine: a request in flight at the kill, a
//   tier centre or the SLA clock may have moved the case further;
// - in the listing, no key has two cases, an acknowledged key has exactly its case, and every
//   case the load created carries a key the load sent (no phantom cases);
// - retrying a key that was acknowledged or in flight answers exactly one case: the
//   acknowledged id (200, Idempotent-Replay), or — for a key never acknowledged — the one
//   case the listing has for it, or a new case (201) only when the listing has none; a
//   second retry answers the same id with 200.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tools/crash/ack_ledger.hpp"

namespace cityops::crash {

struct observed_event {
  std::uint64_t seq = 0;
  std::string type;
  std::string status;
  std::string by;
};

// A case as GET /api/v1/cases/{id} returned it.
struct observed_case {
  std::string id;
  std::string key;     // the key its text carries ("" when none)
  std::string status;  // current status
  std::vector<observed_event> history;
};

// A case as the listing (GET /api/v1/cases, all pages) showed it.
struct listed_case {
  std::string id;
  std::string key;  // "" when its text carries none
};

struct violation {
  std::string kind;  // lost_case, lost_transition, lost_events, history_gap, wrong_case,
                     // duplicate_for_key, missing_from_listing, wrong_id_for_key,
                     // unknown_case, duplicate_in_listing, replay_mismatch, unreadable,
                     // ack_mismatch (harness-side: service_died)
  std::string case_id;
  std::string key;
  std::string detail;  // what was expected and what the service returned

  std::string to_string() const;
};

// One acknowledged case against what GET returned for it (`observed` null: 404).
std::vector<violation> check_case(const std::string& key,
                                  const std::vector<acked_transition>& acked,
                                  const observed_case* observed);

// The listing against the ledger. `preexisting`: ids that were in the data directory before
// the load began (not checked).
std::vector<violation> check_listing(const ledger_state& ledger,
                                     const std::vector<listed_case>& listing,
                                     const std::set<std::string>& preexisting);

// The listed ids per key (cases without a key are left out).
std::map<std::string, std::set<std::string>> ids_by_key(const std::vector<listed_case>& listing);

// A POST /api/v1/cases retry with a key's original body.
struct replay_answer {
  int status = 0;        // 0: the request failed (see error)
  std::string id;        // "" when the reply had none
  bool replayed = false;  // Idempotent-Replay: true
  std::string error;     // transport error or the reply body, for the report
};

// Two successive retries of `key` (acknowledged as `acked_id`, or never acknowledged), with
// `listed` the ids the listing had for the key before the retries.
std::vector<violation> check_replay(const std::string& key,
                                    const std::optional<std::string>& acked_id,
                                    const std::set<std::string>& listed,
                                    const replay_answer& first, const replay_answer& second);

// A short human description of an acknowledged transition:
// "seq 5 started -> in_progress (start by crash-ab12-1-0-7)".
std::string describe(const acked_transition& t);

}  // namespace cityops::crash
