#pragma once
// The crash test's record of what the service acknowledged. Load workers write to it while
// the service runs; the verifier reads a snapshot after the restart. Every record is also
// appended as one tab-separated line to an ack log (when one is given), flushed at once, so
// a failed run can be read afterwards.
//
// Thread-safe: every member may be called from any thread. The log stream, when given, must
// outlive the ledger and is written only under the ledger's lock.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::crash {

// A transition the service acknowledged (answered 2xx): the reply's history held our event
// — found by its unique `by` — at `seq` with `type` and `status`, and the reply's whole
// history had the types in `history_types` (oldest first). After any crash the case's
// history must still start with exactly those types and hold our event at `seq`.
// The case's creation is recorded the same way, with action "create" and an empty `by`
// (the service writes its own), at seq 1.
struct acked_transition {
  std::string case_id;
  std::string action;
  std::string by;
  std::uint64_t seq = 0;
  std::string type;
  std::string status;
  std::vector<std::string> history_types;

  bool operator==(const acked_transition& o) const {
    return case_id == o.case_id && action == o.action && by == o.by && seq == o.seq &&
           type == o.type && status == o.status && history_types == o.history_types;
  }
};

// A copy of the ledger's contents.
struct ledger_state {
  std::map<std::string, std::string> key_to_id;  // acknowledged creates
  std::set<std::string> pending_keys;            // sent, never acknowledged (in flight at a kill,
                                                 // or refused): each retry must yield one case
  std::map<std::string, std::vector<acked_transition>> transitions;  // by case id, ack order

  std::size_t transition_count() const;
};

class ack_ledger {
 public:
  // `log` may be null (no ack log).
  explicit ack_ledger(std::ostream* log = nullptr);

  // Before a create is sent: the key becomes pending until acknowledged.
  void intend_create(const std::string& key);
  // The service answered the create with `id` (201, or 200 replay) and `first` as its
  // first history entry. Returns the id acknowledged earlier for the key when it differs
  // (a violation the caller reports); nullopt otherwise.
  std::optional<std::string> ack_create(const std::string& key, const std::string& id,
                                        acked_transition first);
  void ack_transition(acked_transition t);
  // Free-form marker lines ("kill", "restart", "inflight ...") for readers of the log.
  void note(const std::string& line);

  ledger_state snapshot() const;
  std::size_t case_count() const;
  std::size_t transition_count() const;

 private:
  void write_line(const std::string& line);  // under mutex_

  mutable std::mutex mutex_;
  std::ostream* log_;
  ledger_state state_;
  std::size_t transitions_ = 0;
};

// One ack-log line, as written by ack_ledger:
//   intent\t<key>
//   case\t<key>\t<id>
//   transition\t<id>\t<action>\t<by>\t<seq>\t<type>\t<status>\t<type,type,...>
//   note\t<text>
std::string format_intent(const std::string& key);
std::string format_case(const std::string& key, const std::string& id);
std::string format_transition(const acked_transition& t);

// Replays ack-log lines into a state (the inverse of what ack_ledger writes). Lines it does
// not know ("note", blank) are skipped; a malformed known line returns false.
bool apply_log_line(std::string_view line, ledger_state& state);

}  // namespace cityops::crash
