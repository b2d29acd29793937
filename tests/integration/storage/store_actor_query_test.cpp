// The store actor's read side over a real store: (query_atom, case_query) -> case_list and
// (load_atom, kind, id) -> case_list, answered by its reader actor, with domain errors that
// name the field at fault.
#include <catch2/catch.hpp>
#include <caf/all.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/protocol.hpp"
#include "runtime/actor_system_setup.hpp"
#include "runtime/store_actor.hpp"
#include "storage/event_store.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops;

namespace {

struct store_fixture {
  testing::temp_dir temp;  // first member: removed after the store is closed
  std::string dir;
  std::shared_ptr<storage::event_store> store;
  actor_system_setup cfg{false, 2};
  caf::actor_system sys{cfg};
  caf::actor actor;

  store_fixture() {
    dir = temp.path();
    std::unique_ptr<storage::event_store> opened;
    REQUIRE(storage::event_store::open(dir, storage::store_options{}, opened).is_ok());
    store = std::move(opened);
    actor = sys.spawn(store_actor, store);
  }
  ~store_fixture() {
    caf::anon_send(actor, stop_atom::value);
    actor = nullptr;
    sys.await_all_actors_done();
    store.reset();
  }

  // Three cases at 370602001001: the first dispatched to a department.
  void add_cases() {
    caf::scoped_actor self{sys};
    for (int i = 1; i <= 3; ++i) {
      case_commit c;
      c.case_id = "3706-20261128-00000" + std::to_string(i);
      domain::case_event e;
      e.seq = 1;
      e.type = domain::event_type::reported;
      e.at_ms = 1795829400000 + i;
      e.node = "370602001001";
      e.location_path = {"3706", "370602", "370602001", "370602001001"};
      domain::apply(c.snapshot, e);
      c.snapshot.id = c.case_id;
      c.events.push_back(e);
      if (i == 1) {
        domain::case_event d;
        d.seq = 2;
        d.type = domain::event_type::dispatched;
        d.status = domain::case_status::dispatched;
        d.at_ms = e.at_ms + 1000;
        d.node = "370602001";
        d.department = "370602001.street_law_enforcement";
        domain::apply(c.snapshot, d);
        c.events.push_back(d);
      }
      bool ok = false;
      self->request(actor, caf::infinite, append_atom::value, c)
          .receive([&ok](caf::ok_atom) { ok = true; }, [](caf::error&) {});
      REQUIRE(ok);
    }
  }

  domain::result<case_list> query(const case_query& q) {
    return ask(query_atom::value, q);
  }

  template <class... Ts>
  domain::result<case_list> ask(Ts... xs) {
    caf::scoped_actor self{sys};
    std::optional<domain::result<case_list>> out;
    self->request(actor, std::chrono::seconds(10), xs...)
        .receive([&out](case_list& l) { out.emplace(std::move(l)); },
                 [&out](caf::error& e) { out.emplace(to_domain_error(e)); });
    REQUIRE(out);
    return *out;
  }
};

std::vector<std::string> ids(const case_list& l) {
  std::vector<std::string> v;
  for (const auto& r : l.items) v.push_back(r.id);
  return v;
}

}  // namespace

TEST_CASE_METHOD(store_fixture, "the store actor lists and pages cases", "[store_actor][query]") {
  add_cases();
  case_query q;
  q.node = "370602";
  q.limit = 2;
  auto first = query(q);
  REQUIRE(first.ok());
  CHECK(ids(*first) ==
        std::vector<std::string>{"3706-20261128-000001", "3706-20261128-000002"});
  REQUIRE_FALSE(first->next_cursor.empty());
  q.cursor = first->next_cursor;
  auto second = query(q);
  REQUIRE(second.ok());
  CHECK(ids(*second) == std::vector<std::string>{"3706-20261128-000003"});
  CHECK(second->next_cursor.empty());

  case_query dispatched;
  dispatched.status = "dispatched";
  auto d = query(dispatched);
  REQUIRE(d.ok());
  CHECK(ids(*d) == std::vector<std::string>{"3706-20261128-000001"});

  auto waiting = ask(load_atom::value, std::string("department"),
                     std::string("370602001.street_law_enforcement"));
  REQUIRE(waiting.ok());
  CHECK(ids(*waiting) == std::vector<std::string>{"3706-20261128-000001"});
  waiting = ask(load_atom::value, std::string("node"), std::string("370602001001"));
  REQUIRE(waiting.ok());
  CHECK(ids(*waiting) ==
        std::vector<std::string>{"3706-20261128-000002", "3706-20261128-000003"});
}

TEST_CASE_METHOD(store_fixture, "bad queries are invalid_field errors naming the field",
                 "[store_actor][query]") {
  add_cases();
  struct bad {
    case_query q;
    std::string field;
  };
  std::vector<bad> cases(4);
  cases[0].q.status = "open";
  cases[0].field = "status";
  cases[1].q.limit = 0;
  cases[1].field = "limit";
  cases[2].q.limit = 201;
  cases[2].field = "limit";
  cases[3].q.status = "reported";
  cases[3].q.cursor = "p:p/370602/3706-20261128-000001";  // a subtree cursor
  cases[3].field = "cursor";
  for (const auto& b : cases) {
    INFO(b.field);
    const auto r = query(b.q);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == domain::error_code::invalid_field);
    CHECK(r.error().field == b.field);
  }
  const auto r = ask(load_atom::value, std::string("street"), std::string("370602001"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().field == "kind");
}
