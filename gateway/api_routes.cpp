// The whole route table of cityopsd, in one place.
#include "gateway/api_context.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {

void add_api_routes(router& r, api_context& ctx) {
  add_city_routes(r, ctx);
  add_case_routes(r, ctx);
}

}  // namespace cityops::gateway
