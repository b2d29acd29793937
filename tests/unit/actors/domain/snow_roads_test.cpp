// The roads of the snow response: names found in addresses and texts, the ranking of the
// recent window (count, urgency, recency, closed ones weigh less) and the hot spots.
#include "actors/domain/snow_roads.hpp"

#include <catch2/catch.hpp>

using namespace cityops::domain;

namespace {

constexpr std::int64_t t0 = 1'795'000'000'000;
constexpr std::int64_t hour_ms = 3'600'000;

case_record report_on(std::string id, std::string address, std::int64_t at,
                      bool urgent = false, std::string node = "990001001001") {
  case_record r;
  r.id = std::move(id);
  r.report.address = std::move(address);
  r.report.text = "路面结冰很滑";
  r.report.priority = urgent ? case_priority::urgent : case_priority::normal;
  r.created_ms = at;
  r.status = case_status::reported;
  r.location_path = {"9900", "990001", "990001001", std::move(node)};
  return r;
}

}  // namespace

TEST_CASE("road names come from addresses and texts", "[snow_roads]") {
  CHECK(road_names("芝罘区南大街与大海阳路口") ==
        std::vector<std::string>{"南大街", "大海阳路"});
  CHECK(road_names("幸福中路铁路桥下穿") == std::vector<std::string>{"幸福中路", "铁路桥"});
  CHECK(road_names("莱山区观海路128号") == std::vector<std::string>{"观海路"});
  CHECK(road_names("只楚街道幸福路东段") == std::vector<std::string>{"幸福路"});
  CHECK(road_names("滨海中路上结冰，路面很滑") == std::vector<std::string>{"滨海中路"});
  CHECK(road_names("机场路下穿积雪，机场路很堵") == std::vector<std::string>{"机场路"});
  CHECK(road_names("青年南路、红旗中路") == std::vector<std::string>{"青年南路", "红旗中路"});
  CHECK(road_names("路滑").empty());
  CHECK(road_names("小区门口积雪").empty());
  CHECK(road_names("").empty());

  report_details d;
  d.address = "芝罘区只楚街道";
  d.text = "只楚路积雪没人扫";
  CHECK(road_of(d) == "只楚路");
  d.address = "南大街100号";
  CHECK(road_of(d) == "南大街");
  d = {};
  d.text = "家门口结冰";
  CHECK(road_of(d).empty());
}

TEST_CASE("roads rank by count urgency and recency and closed reports weigh less",
          "[snow_roads]") {
  snow_road_board board(3 * hour_ms, 2);
  const auto now = t0 + 2 * hour_ms;
  // 南大街: two reports an hour ago; 观海路: one urgent report now; 机场路: three reports two
  // hours ago, two of them closed; a report naming no road.
  board.observe(report_on("c1", "南大街1号", t0 + hour_ms), now);
  board.observe(report_on("c2", "南大街9号", t0 + hour_ms), now);
  board.observe(report_on("c3", "观海路5号", now, true), now);
  for (const char* id : {"c4", "c5", "c6"}) board.observe(report_on(id, "机场路", t0), now);
  auto closed = report_on("c5", "机场路", t0);
  closed.status = case_status::closed;
  board.observe(closed, now);
  closed.id = "c6";
  board.observe(closed, now);
  board.observe(report_on("c7", "小区里", now, false, "990001001002"), now);

  const auto ranked = board.ranking(now, 10);
  REQUIRE(ranked.size() == 4);
  CHECK(ranked[0].road == "观海路");  // 2 × 1
  CHECK(ranked[0].urgent == 1);
  CHECK(ranked[1].road == "南大街");  // 2 × 0.5, two open
  CHECK(ranked[1].reports == 2);
  CHECK(ranked[1].cases == std::vector<std::string>{"c2", "c1"});
  CHECK(ranked[2].road == "");  // 1 × 1, one open: the place named by its node
  CHECK(ranked[2].node == "990001001002");
  CHECK(ranked[3].road == "机场路");  // (1 + 0.25 + 0.25) × 0.25
  CHECK(ranked[3].reports == 3);
  CHECK(ranked[3].open == 1);
  CHECK(ranked[0].score == Approx(2.0));
  CHECK(ranked[3].score == Approx(0.375));
  CHECK(board.ranking(now, 2).size() == 2);

  // Hot spots: roads with at least two reports.
  CHECK(board.hot_spots(now) == 2);
  // An hour and a bit later 机场路 leaves the window.
  CHECK(board.hot_spots(t0 + 3 * hour_ms + 1) == 1);
  board.expire(t0 + 3 * hour_ms + 1);
  CHECK(board.reports() == 4);
  // A report older than the window is not taken.
  board.observe(report_on("c8", "机场路", t0), t0 + 3 * hour_ms + 1);
  CHECK(board.reports() == 4);
}
