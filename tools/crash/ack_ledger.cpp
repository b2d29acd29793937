#include "tools/crash/ack_ledger.hpp"

#include <cstdlib>
#include <utility>

namespace cityops::crash {

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const auto at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

std::string join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out.push_back(sep);
    out += p;
  }
  return out;
}

}  // namespace

std::size_t ledger_state::transition_count() const {
  std::size_t n = 0;
  for (const auto& [id, ts] : transitions) n += ts.size();
  return n;
}

ack_ledger::ack_ledger(std::ostream* log) : log_(log) {}

void ack_ledger::write_line(const std::string& line) {
  if (!log_) return;
  *log_ << line << '\n';
  log_->flush();
}

void ack_ledger::intend_create(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (state_.key_to_id.count(key) == 0) state_.pending_keys.insert(key);
  write_line(format_intent(key));
}

std::optional<std::string> ack_ledger::ack_create(const std::string& key, const std::string& id,
                                                  acked_transition first) {
  std::lock_guard<std::mutex> lock(mutex_);
  state_.pending_keys.erase(key);
  auto [it, inserted] = state_.key_to_id.emplace(key, id);
  if (!inserted) {
    if (it->second != id) return it->second;  // keep the first acknowledgement
    return std::nullopt;                      // a replay of what we know
  }
  write_line(format_case(key, id));
  first.case_id = id;
  write_line(format_transition(first));
  state_.transitions[id].push_back(std::move(first));
  ++transitions_;
  return std::nullopt;
}

void ack_ledger::ack_transition(acked_transition t) {
  std::lock_guard<std::mutex> lock(mutex_);
  write_line(format_transition(t));
  auto& list = state_.transitions[t.case_id];
  list.push_back(std::move(t));
  ++transitions_;
}

void ack_ledger::note(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  write_line("note\t" + line);
}

ledger_state ack_ledger::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return state_;
}

std::size_t ack_ledger::case_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return state_.key_to_id.size();
}

std::size_t ack_ledger::transition_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return transitions_;
}

std::string format_intent(const std::string& key) { return "intent\t" + key; }

std::string format_case(const std::string& key, const std::string& id) {
  return "case\t" + key + "\t" + id;
}

std::string format_transition(const acked_transition& t) {
  return "transition\t" + t.case_id + "\t" + t.action + "\t" + t.by + "\t" +
         std::to_string(t.seq) + "\t" + t.type + "\t" + t.status + "\t" +
         join(t.history_types, ',');
}

bool apply_log_line(std::string_view line, ledger_state& state) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return true;
  const auto f = split(line, '\t');
  if (f[0] == "note") return true;
  if (f[0] == "intent") {
    if (f.size() != 2 || f[1].empty()) return false;
    const std::string key(f[1]);
    if (state.key_to_id.count(key) == 0) state.pending_keys.insert(key);
    return true;
  }
  if (f[0] == "case") {
    if (f.size() != 3 || f[1].empty() || f[2].empty()) return false;
    const std::string key(f[1]);
    state.pending_keys.erase(key);
    state.key_to_id.emplace(key, std::string(f[2]));
    return true;
  }
  if (f[0] == "transition") {
    if (f.size() != 8 || f[1].empty()) return false;
    acked_transition t;
    t.case_id = std::string(f[1]);
    t.action = std::string(f[2]);
    t.by = std::string(f[3]);
    const std::string seq(f[4]);
    char* end = nullptr;
    t.seq = std::strtoull(seq.c_str(), &end, 10);
    if (seq.empty() || *end != '\0' || t.seq == 0) return false;
    t.type = std::string(f[5]);
    t.status = std::string(f[6]);
    if (!f[7].empty())
      for (auto type : split(f[7], ',')) t.history_types.emplace_back(type);
    state.transitions[t.case_id].push_back(std::move(t));
    return true;
  }
  return false;
}

}  // namespace cityops::crash
