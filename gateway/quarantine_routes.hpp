#pragma once
// /api/v1/quarantine: cases quarantined after their actor failed twice (poison messages,
// actors/domain/quarantine.hpp). Supervisors and admins list them; admins release one once the
// cause is understood.

namespace cityops::gateway {

class router;
struct api_context;

void add_quarantine_routes(router& r, api_context& ctx);

}  // namespace cityops::gateway
