#include "actors/domain/risk_episode.hpp"

#include <algorithm>

namespace cityops::domain {

alert start_episode_alert(alert_kind kind, std::string id, const risk_observation& first,
                          std::string node, std::vector<std::string> scope, std::int64_t at_ms) {
  alert a;
  a.id = std::move(id);
  a.kind = kind;
  a.level = alert_level::yellow;
  a.node = std::move(node);
  a.category = first.category;
  a.at_ms = at_ms;
  a.updated_ms = at_ms;
  a.scope_nodes = std::move(scope);
  return a;
}

void add_evidence_case(alert& a, const std::string& case_id) {
  if (a.evidence.case_ids.size() < alert_evidence_max_cases) a.evidence.case_ids.push_back(case_id);
}

alert_level level_for(std::uint64_t count, std::uint64_t orange_at, std::uint64_t red_at) {
  if (count >= red_at) return alert_level::red;
  if (count >= orange_at) return alert_level::orange;
  return alert_level::yellow;
}

std::vector<std::string> scope_up_to(const risk_observation& o, std::string_view area) {
  const auto it = std::find(o.scope_nodes.begin(), o.scope_nodes.end(), area);
  if (it == o.scope_nodes.end()) return o.scope_nodes;
  return {o.scope_nodes.begin(), it + 1};
}

std::string report_node(const risk_observation& o) {
  return o.scope_nodes.empty() ? std::string() : o.scope_nodes.back();
}

const std::vector<std::string>* scope_table::intern(const risk_observation& o) {
  const auto it = by_node_.try_emplace(report_node(o), o.scope_nodes).first;
  return &it->second;
}

std::string hex_digest(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = digits[h & 0xf];
  return out;
}

}  // namespace cityops::domain
