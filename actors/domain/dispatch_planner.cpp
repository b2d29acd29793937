#include "actors/domain/dispatch_planner.hpp"

#include "actors/domain/intake_triage.hpp"

#include <algorithm>

namespace cityops::domain {
namespace {

// The first department at the node's own tier that handles the category and has not
// returned the case; nullptr when none is left. At a war-room node, for a case of its area,
// the departments stationed there come first (`on_site` says one was chosen).
const config::department* candidate(const case_record& r, const config::city_model& city,
                                    const scenario_rules* rules, bool& on_site,
                                    bool& at_once) {
  if (rules && !rules->empty()) {
    if (const auto s = rules->station(r.node, place_of(r), r.category)) {
      if (const auto* d = stationed_for(*s.rule, city, r.category, r.returned_by)) {
        on_site = true;
        at_once = s.rule->dispatch_at_once;
        return d;
      }
    }
  }
  const auto* first = city.route_at_tier(r.category, r.node);
  if (!first) return nullptr;
  const auto returned = [&r](const std::string& id) {
    return std::find(r.returned_by.begin(), r.returned_by.end(), id) != r.returned_by.end();
  };
  if (!returned(first->id)) return first;
  // Other departments at this very node (co-located kinds) that handle the category.
  for (const auto& d : city.departments())
    if (d.node == first->node && !returned(d.id) &&
        std::find(d.categories.begin(), d.categories.end(), r.category) != d.categories.end())
      return &d;
  return nullptr;
}

std::string tier_name(const config::city_model& city, const std::string& node) {
  const auto* n = city.find_node(node);
  return n ? n->name : node;
}

dispatch_plan escalate_or_wait(const case_record& r, const config::city_model& city,
                               std::string reason) {
  if (!city.parent(r.node)) return {};  // the city: an operator decides
  return {dispatch_plan::kind::escalate, "", std::move(reason)};
}

}  // namespace

dispatch_plan plan_dispatch(const case_record& r, const config::city_model& city,
                            const dispatch_policy& policy, const scenario_rules* rules) {
  if (r.category.empty()) return {};  // unclassified: an operator must classify it
  bool on_site = false;
  bool at_once = false;
  const auto* found = [&]() -> const config::department* {
    switch (r.status) {
      case case_status::accepted:
      case case_status::returned:
      case case_status::escalated:
        return candidate(r, city, rules, on_site, at_once);
      default:
        return nullptr;
    }
  }();
  const std::string here = tier_name(city, r.node);
  switch (r.status) {
    case case_status::accepted:
      if (!found)
        return escalate_or_wait(r, city, here + "无处置该类别(" + r.category + ")的部门，自动上报");
      if (!policy.dispatch_on_accept && !dispatch_without_operator(r) && !at_once) return {};
      return {dispatch_plan::kind::dispatch, found->id, on_site ? "现场派遣" : "按派单规则派遣"};
    case case_status::returned:
      if (r.return_count > policy.max_returns)
        return escalate_or_wait(r, city,
                                "退单" + std::to_string(r.return_count) + "次，超过上限" +
                                    std::to_string(policy.max_returns) + "次，自动上报");
      if (!found) return escalate_or_wait(r, city, here + "已无可派遣的部门，自动上报");
      return {dispatch_plan::kind::dispatch, found->id, "退单后改派"};
    case case_status::escalated:
      if (!found)
        return escalate_or_wait(r, city, here + "无处置该类别(" + r.category + ")的部门，继续上报");
      return {dispatch_plan::kind::dispatch, found->id, "上级派遣"};
    default:
      return {};
  }
}

}  // namespace cityops::domain
