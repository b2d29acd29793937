#include "actors/scenario.hpp"

namespace cityops {

void scenario::on_timer(const std::string&, scenario_context&) {}

void scenario::on_cases(const std::string&, const domain::result<case_list>&, scenario_context&) {}

scenario_reply scenario::on_request(const scenario_request& req, scenario_context& ctx) {
  return scenario_reply::fail(domain::field_error(
      domain::error_code::not_found, "",
      "scenario '" + ctx.name() + "' has no resource " + req.method + " " + req.path));
}

bool valid_scenario_name(std::string_view name) {
  return domain::valid_scenario_identifier(name);
}

bool scenario_registry::add(scenario_description description, factory make) {
  if (!valid_scenario_name(description.name) || !make) return false;
  auto name = description.name;
  return kinds_.emplace(std::move(name), std::make_pair(std::move(description), std::move(make)))
      .second;
}

const scenario_description* scenario_registry::find(std::string_view name) const {
  const auto it = kinds_.find(name);
  return it == kinds_.end() ? nullptr : &it->second.first;
}

std::unique_ptr<scenario> scenario_registry::make(std::string_view name) const {
  const auto it = kinds_.find(name);
  return it == kinds_.end() ? nullptr : it->second.second();
}

std::vector<const scenario_description*> scenario_registry::all() const {
  std::vector<const scenario_description*> out;
  for (const auto& [name, kind] : kinds_) out.push_back(&kind.first);
  return out;
}

}  // namespace cityops
