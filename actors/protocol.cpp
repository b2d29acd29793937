#include "actors/protocol.hpp"

#include <caf/all.hpp>

namespace cityops {
namespace {

constexpr auto domain_category = caf::atom("cityops");

}  // namespace

bool within_scope(const config::city_model& city, const domain::case_record& record,
                  const access_scope& scope) {
  return scope.node.empty() || domain::in_node_subtree(city, record, scope.node);
}

caf::error make_domain_error(const domain::domain_error& e) {
  const std::string status = e.status ? std::string(domain::to_string(*e.status)) : std::string();
  return caf::error(static_cast<std::uint8_t>(e.code), domain_category,
                    caf::make_message(e.message, e.field, status, e.allowed));
}

domain::domain_error to_domain_error(const caf::error& e) {
  domain::domain_error out;
  if (e.category() == domain_category) {
    out.code = static_cast<domain::error_code>(e.code());
    const auto& ctx = e.context();
    if (ctx.match_elements<std::string, std::string, std::string, std::vector<std::string>>()) {
      out.message = ctx.get_as<std::string>(0);
      out.field = ctx.get_as<std::string>(1);
      out.status = domain::parse_case_status(ctx.get_as<std::string>(2));
      out.allowed = ctx.get_as<std::vector<std::string>>(3);
    }
    return out;
  }
  if (e == caf::sec::request_timeout) {
    out.code = domain::error_code::timeout;
    out.message = "the case did not answer in time; retry later";
    return out;
  }
  out.code = domain::error_code::internal;
  if (e == caf::sec::runtime_error) {
    // An actor died handling the request (the text stays in the service log, not the answer).
    out.message = "the case failed while handling this request; retrying the same request "
                  "quarantines the case (docs/api.md \"Quarantine\")";
    return out;
  }
  out.message = "internal error: " + caf::to_string(e);
  return out;
}

}  // namespace cityops
