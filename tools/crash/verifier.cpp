#include "tools/crash/verifier.hpp"

#include <algorithm>
#include <sstream>

namespace cityops::crash {

namespace {

std::string describe_event(const observed_event& e) {
  return "seq " + std::to_string(e.seq) + " " + e.type + " -> " + e.status + " (by " +
         (e.by.empty() ? std::string("?") : e.by) + ")";
}

std::string types_of(const std::vector<observed_event>& history, std::size_t limit) {
  std::string out = "[";
  for (std::size_t i = 0; i < history.size() && i < limit; ++i) {
    if (i) out += ",";
    out += history[i].type;
  }
  if (history.size() > limit) out += ",…";
  return out + "]";
}

std::string joined(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
  return out + "]";
}

std::string joined(const std::set<std::string>& v) {
  std::string out = "{";
  bool first = true;
  for (const auto& s : v) {
    out += (first ? "" : ", ") + s;
    first = false;
  }
  return out + "}";
}

std::string describe_answer(const replay_answer& a) {
  if (a.status == 0) return "no answer (" + a.error + ")";
  std::string out = std::to_string(a.status);
  if (a.replayed) out += " Idempotent-Replay";
  out += a.id.empty() ? " without an id" : " id " + a.id;
  if (a.status >= 300 && !a.error.empty()) out += ": " + a.error.substr(0, 300);
  return out;
}

}  // namespace

std::string violation::to_string() const {
  std::string out = kind;
  if (!case_id.empty()) out += " case " + case_id;
  if (!key.empty()) out += " key " + key;
  return out + ": " + detail;
}

std::string describe(const acked_transition& t) {
  return "seq " + std::to_string(t.seq) + " " + t.type + " -> " + t.status + " (" + t.action +
         (t.by.empty() ? std::string() : " by " + t.by) + ")";
}

std::vector<violation> check_case(const std::string& key,
                                  const std::vector<acked_transition>& acked,
                                  const observed_case* observed) {
  std::vector<violation> out;
  const std::string id = acked.empty() ? (observed ? observed->id : "") : acked.front().case_id;
  auto add = [&](std::string kind, std::string detail) {
    out.push_back(violation{std::move(kind), id, key, std::move(detail)});
  };
  if (!observed) {
    std::string last = acked.empty() ? "its creation" : describe(acked.back());
    add("lost_case", "acknowledged case is gone (GET answers 404); last acknowledged: " + last);
    return out;
  }
  const auto& h = observed->history;
  if (observed->key != key)
    add("wrong_case", "text carries key '" + observed->key + "', acknowledged for '" + key + "'");
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (h[i].seq != i + 1) {
      add("history_gap", "history entry " + std::to_string(i + 1) + " has seq " +
                             std::to_string(h[i].seq) + "; history " + types_of(h, 40));
      break;
    }
  }
  if (h.empty() || h.front().type != "reported")
    add("history_gap", "history does not start with 'reported': " + types_of(h, 40));

  // The reply with the longest history is checked for lost events once; every transition
  // is checked at its seq.
  const acked_transition* longest = nullptr;
  std::set<std::uint64_t> lost_seqs;
  for (const auto& t : acked) {
    if (t.seq == 0 || t.seq > h.size()) {
      add("lost_transition", "expected " + describe(t) + "; the service's history ends at " +
                                 (h.empty() ? std::string("nothing")
                                            : describe_event(h.back())) +
                                 " (status now " + observed->status + ")");
      lost_seqs.insert(t.seq);
      continue;
    }
    const auto& e = h[t.seq - 1];
    if (e.type != t.type || e.status != t.status || (!t.by.empty() && e.by != t.by)) {
      add("lost_transition",
          "expected " + describe(t) + "; the service has " + describe_event(e) + " there");
      lost_seqs.insert(t.seq);
      continue;
    }
    if (!longest || t.history_types.size() > longest->history_types.size()) longest = &t;
  }
  if (longest) {
    const auto& want = longest->history_types;
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (lost_seqs.count(i + 1)) continue;  // reported above
      if (i >= h.size() || h[i].type != want[i]) {
        add("lost_events", "the reply acknowledging " + describe(*longest) + " showed " +
                               std::to_string(want.size()) + " events " + joined(want) +
                               "; the service now has " + std::to_string(h.size()) + " " +
                               types_of(h, want.size() + 5) + " (first difference at seq " +
                               std::to_string(i + 1) + ")");
        break;
      }
    }
  }
  return out;
}

std::map<std::string, std::set<std::string>> ids_by_key(const std::vector<listed_case>& listing) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& c : listing)
    if (!c.key.empty()) out[c.key].insert(c.id);
  return out;
}

std::vector<violation> check_listing(const ledger_state& ledger,
                                     const std::vector<listed_case>& listing,
                                     const std::set<std::string>& preexisting) {
  std::vector<violation> out;
  const auto by_key = ids_by_key(listing);
  for (const auto& [key, ids] : by_key) {
    if (ids.size() > 1)
      out.push_back({"duplicate_for_key", "", key,
                     std::to_string(ids.size()) + " cases carry this key: " + joined(ids)});
    const bool acked = ledger.key_to_id.count(key) != 0;
    const bool pending = ledger.pending_keys.count(key) != 0;
    if (!acked && !pending) {
      for (const auto& id : ids)
        if (!preexisting.count(id))
          out.push_back({"unknown_case", id, key, "the load never sent this key"});
    }
  }
  for (const auto& [key, id] : ledger.key_to_id) {
    auto it = by_key.find(key);
    if (it == by_key.end()) {
      out.push_back({"missing_from_listing", id, key,
                     "acknowledged case is not in GET /api/v1/cases (no case carries the key)"});
    } else if (!it->second.count(id)) {
      out.push_back({"wrong_id_for_key", id, key,
                     "acknowledged as " + id + "; the listing has " + joined(it->second)});
    }
  }
  std::set<std::string> seen;
  for (const auto& c : listing) {
    if (!seen.insert(c.id).second)
      out.push_back({"duplicate_in_listing", c.id, c.key, "the listing shows the id twice"});
    if (c.key.empty() && !preexisting.count(c.id))
      out.push_back({"unknown_case", c.id, "", "a case without a crash key appeared"});
  }
  return out;
}

std::vector<violation> check_replay(const std::string& key,
                                    const std::optional<std::string>& acked_id,
                                    const std::set<std::string>& listed,
                                    const replay_answer& first, const replay_answer& second) {
  std::vector<violation> out;
  auto add = [&](std::string detail) {
    out.push_back({"replay_mismatch", acked_id.value_or(""), key, std::move(detail)});
  };
  const std::string context = acked_id ? "acknowledged as " + *acked_id
                                       : "never acknowledged; listed " + joined(listed);
  if (first.status == 201) {
    if (acked_id || !listed.empty())
      add("retry created a second case " + first.id + " (" + context + ")");
  } else if (first.status == 200) {
    if (!first.replayed) add("retry answered 200 without Idempotent-Replay (" + context + ")");
    if (acked_id && first.id != *acked_id)
      add("retry answered " + first.id + " (" + context + ")");
    if (!acked_id && listed.size() == 1 && first.id != *listed.begin())
      add("retry answered " + first.id + " (" + context + ")");
    if (!acked_id && listed.empty())
      add("retry replayed " + first.id + " but no case carries the key in the listing");
  } else {
    add("retry answered " + describe_answer(first) + " (" + context + ")");
    return out;
  }
  if (first.id.empty()) {
    add("retry answered " + describe_answer(first) + " (" + context + ")");
    return out;
  }
  if (second.status != 200 || !second.replayed || second.id != first.id)
    add("second retry answered " + describe_answer(second) + " after the first answered " +
        describe_answer(first));
  return out;
}

}  // namespace cityops::crash
