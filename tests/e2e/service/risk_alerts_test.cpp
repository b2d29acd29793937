// The risk watch through HTTP on the embedded city: a call with risk words raises a red
// sensitive-words alert; reports piling up in one place raise one 集中爆发 alert that grows
// with every further report; the desk closes it with a note.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <string>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops::testing;

namespace {

// The open alerts of `kind`, as listed to the admin.
std::vector<simdjson::dom::element> open_alerts(const std::string& addr, const std::string& token,
                                                const std::string& kind,
                                                simdjson::dom::parser& p) {
  auto r = http_call(addr, "GET", "/api/v1/alerts?status=open", "", bearer(token));
  REQUIRE(r.status == 200);
  std::vector<simdjson::dom::element> out;
  for (simdjson::dom::element a : p.parse(r.body)["items"].get_array())
    if (str(a, "kind") == kind) out.push_back(a);
  return out;
}

std::string report(const std::string& addr, const std::string& text, double lat, double lon) {
  auto created = http_call(addr, "POST", "/api/v1/cases",
                           R"({"source":"hotline","text":")" + text + R"(","lat":)" +
                               std::to_string(lat) + R"(,"lon":)" + std::to_string(lon) + "}");
  INFO(created.body);
  REQUIRE(created.status == 201);
  simdjson::dom::parser p;
  return str(p.parse(created.body), "id");
}

}  // namespace

TEST_CASE("risk words and a burst in one place reach the alert desk over HTTP",
          "[e2e][risk]") {
  temp_dir data;
  service_process svc(CITYOPSD_PATH, service_args(data));
  const auto addr = svc.address();
  const auto token = admin_token(svc, data);
  simdjson::dom::parser p;

  const auto risky = report(addr, "拆迁款拖了半年，再不给我就带全家去市政府门口拉横幅", 37.5393, 121.3949);
  REQUIRE(eventually([&] { return open_alerts(addr, token, "sensitive_words", p).size() == 1; }));
  {
    const auto a = open_alerts(addr, token, "sensitive_words", p)[0];
    CHECK(str(a, "id") == risky + "-w");
    CHECK(str(a, "case_id") == risky);
    CHECK(str(a, "level") == "orange");  // 风险行为
    CHECK(str(a["evidence"], "word_class") == "risky_behaviour");
  }

  // Five reports within ~50 m in minutes: one cluster; three more grow it.
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(report(addr, "路口的水管爆了，水漫到马路上了", 37.5300 + 0.0001 * i, 121.4000));
  REQUIRE(eventually([&] { return open_alerts(addr, token, "cluster", p).size() == 1; }));
  for (int i = 0; i < 3; ++i) report(addr, "这边水管爆裂还在冒水", 37.5301, 121.4001);
  REQUIRE(eventually([&] {
    const auto c = open_alerts(addr, token, "cluster", p);
    return c.size() == 1 && int64_t(c[0]["evidence"]["count"]) == 8;
  }));
  const auto cluster = open_alerts(addr, token, "cluster", p)[0];
  const auto cluster_id = str(cluster, "id");
  CHECK(std::string_view(cluster["evidence"]["case_ids"].at(0)) == ids.front());
  CHECK(double(cluster["evidence"]["radius_m"]) > 0);

  auto closed = http_call(addr, "POST", "/api/v1/alerts/" + cluster_id + "/close",
                          R"({"note":"供水集团已关阀抢修，现场已恢复"})", bearer(token));
  INFO(closed.body);
  REQUIRE(closed.status == 200);
  CHECK(str(p.parse(closed.body), "status") == "closed");
  CHECK(open_alerts(addr, token, "cluster", p).empty());
  stop_cleanly(svc);
}
