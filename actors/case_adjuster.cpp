#include "actors/case_adjuster.hpp"

#include <array>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/protocol.hpp"
#include "actors/scenario_protocol.hpp"

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<case_adjuster_state>*;

constexpr std::uint32_t page_size = 200;
// Dispatched first: a recalled case becomes accepted, and a listing of accepted cases taken
// after it may see it again (its adjust is then refused as nothing to do).
constexpr std::array<domain::case_status, 6> adjustable{
    domain::case_status::dispatched, domain::case_status::reported,
    domain::case_status::verified,   domain::case_status::accepted,
    domain::case_status::returned,   domain::case_status::escalated};

void next_page(self_ptr self);

void finish(self_ptr self) {
  const auto& st = self->state;
  spdlog::info("scenario {}: {} of {} open cases of its area adjusted", st.setup.scenario,
               st.adjusted, st.examined);
  scenario_notice n;
  n.scenario = st.setup.scenario;
  n.event = "cases_adjusted";
  n.node = st.setup.area.node;
  n.data = "{\"examined\":" + std::to_string(st.examined) +
           ",\"adjusted\":" + std::to_string(st.adjusted) + "}";
  self->send(self->system().groups().get_local(scenario_stream_name), scenario_atom::value,
             std::move(n));
  self->quit();
}

void answered(self_ptr self) {
  if (--self->state.in_flight == 0) next_page(self);
}

void adjust(self_ptr self, const std::string& case_id) {
  domain::action_request q;
  q.action = domain::case_action::adjust;
  q.by = "scenario:" + self->state.setup.scenario;
  ++self->state.in_flight;
  self->request(self->state.setup.directory, caf::infinite, act_atom::value, case_id, std::move(q))
      .then(
          [self](const domain::case_record&) {
            ++self->state.adjusted;
            answered(self);
          },
          [self, case_id](caf::error& err) {
            const auto e = to_domain_error(err);
            // Nothing to adjust, or moved on meanwhile: fine.
            if (e.code != domain::error_code::conflict &&
                e.code != domain::error_code::illegal_transition)
              spdlog::warn("scenario {}: adjusting {} failed: {}", self->state.setup.scenario,
                           case_id, e.message);
            answered(self);
          });
}

void next_page(self_ptr self) {
  auto& st = self->state;
  if (st.status_index >= adjustable.size()) return finish(self);
  case_query q;
  q.status = std::string(domain::to_string(adjustable[st.status_index]));
  q.node = st.setup.area.node;  // "" for a polygon: the whole city, filtered below
  q.cursor = st.cursor;
  q.limit = page_size;
  self->request(st.setup.store, caf::infinite, query_atom::value, std::move(q))
      .then(
          [self](case_list& page) {
            auto& st = self->state;
            st.cursor = page.next_cursor;
            if (st.cursor.empty()) ++st.status_index;
            for (const auto& r : page.items) {
              if (!domain::scenario_rules::contains(st.setup.area, domain::place_of(r))) continue;
              ++st.examined;
              adjust(self, r.id);
            }
            if (st.in_flight == 0) next_page(self);
          },
          [self](caf::error& err) {
            spdlog::error("scenario {}: open cases not listed: {}", self->state.setup.scenario,
                          to_domain_error(err).message);
            finish(self);
          });
}

}  // namespace

caf::behavior case_adjuster(self_ptr self, case_adjuster_setup setup) {
  self->state.setup = std::move(setup);
  next_page(self);
  return {[](caf::ok_atom) {}};  // works through its requests' answers
}

}  // namespace cityops
