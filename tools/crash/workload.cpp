#include "tools/crash/workload.hpp"

#include <array>
#include <cstdio>
#include <ctime>
#include <utility>

namespace cityops::crash {

namespace {

// Streets of 芝罘区 (370602): each has a street law-enforcement squad (综合执法中队).
constexpr std::array<std::string_view, 12> streets{
    "370602001", "370602002", "370602003", "370602004", "370602005", "370602006",
    "370602007", "370602008", "370602009", "370602010", "370602011", "370602012"};

// Categories the default city routes to the street law-enforcement squad.
struct category_text {
  std::string_view code;
  std::string_view text;
};
constexpr std::array<category_text, 2> categories{{
    {"0601", "流动摊贩占道经营，行人无法通行"},
    {"0303", "店铺门前乱堆物料，占用人行道"},
}};

constexpr std::string_view street_squad = ".street_law_enforcement";
constexpr std::string_view street_grid = ".grid_management";

std::string with_by(const std::string& by, const std::string& fields = "") {
  std::string body = R"({"by":")" + by + "\"";
  if (!fields.empty()) body += "," + fields;
  body += "}";
  return body;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::uint64_t stable_hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a: the same on every platform and run
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::string_view event_type_for(std::string_view action) {
  static const std::array<std::pair<std::string_view, std::string_view>, 14> types{{
      {"verify", "verified"},
      {"reject", "rejected"},
      {"accept", "accepted"},
      {"dispatch", "dispatched"},
      {"return", "returned"},
      {"transfer", "transferred"},
      {"start", "started"},
      {"handle", "handled"},
      {"inspect", "inspected"},
      {"close", "closed"},
      {"followup", "followed_up"},
      {"extend", "extension_requested"},
      {"approve_extension", "extended"},
      {"reopen", "reopened"},
  }};
  for (const auto& [a, t] : types)
    if (a == action) return t;
  return {};
}

bool is_terminal_status(std::string_view status) {
  return status == "rejected" || status == "followed_up" || status == "merged";
}

workload_planner::workload_planner(std::uint64_t seed) : rng_(seed) {}

bool workload_planner::chance(double p) {
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < p;
}

std::size_t workload_planner::pick(std::size_t n) {
  if (n == 0) return 0;
  return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
}

std::optional<planned_action> workload_planner::next(case_plan& plan, const std::string& by,
                                                     std::int64_t now_ms) {
  auto make = [&](std::string action, std::string fields = "") {
    planned_action a;
    a.event_type = std::string(event_type_for(action));
    a.action = std::move(action);
    a.body = with_by(by, fields);
    return std::optional<planned_action>(std::move(a));
  };
  const std::string& s = plan.status;
  if (plan.done || is_terminal_status(s)) {
    plan.done = true;
    return std::nullopt;
  }
  if (s == "reported") {
    if (chance(0.04)) return make("reject", R"("reason":"重复来电，不予受理")");
    return make("verify");
  }
  if (s == "verified") return make("accept");
  if (s == "accepted" || s == "returned" || s == "escalated") {
    // After a return or an escalation a tier centre re-dispatches by itself; ours may win or
    // get 409 — either is fine.
    return make("dispatch");
  }
  if (s == "dispatched") {
    if (plan.returns == 0 && chance(0.08)) {
      ++plan.returns;
      return make("return", R"("reason":"不属于本单位职责")");
    }
    if (plan.transfers == 0 && ends_with(plan.department, street_squad) && chance(0.08)) {
      ++plan.transfers;
      const std::string to =
          plan.department.substr(0, plan.department.size() - street_squad.size()) +
          std::string(street_grid);
      return make("transfer", R"("department":")" + to + R"(","reason":"转网格中心处置")");
    }
    return make("start");
  }
  if (s == "in_progress") {
    if (plan.pending_extension) return make("approve_extension");
    if (plan.extensions == 0 && chance(0.08)) {
      ++plan.extensions;
      const std::int64_t sixty_days = 60LL * 24 * 3600 * 1000;
      return make("extend",
                  R"("until":")" + iso_utc(now_ms + sixty_days) + R"(","reason":"需协调多个部门")");
    }
    return make("handle", R"("result":"已现场处置完毕")");
  }
  if (s == "handled") {
    if (plan.reworks == 0 && chance(0.08)) {
      ++plan.reworks;
      return make("inspect", R"("passed":false,"reason":"现场仍有遗留，返工")");
    }
    return make("inspect", R"("passed":true)");
  }
  if (s == "inspected") return make("close");
  if (s == "closed") {
    if (plan.reopens == 0 && chance(0.05)) {
      ++plan.reopens;
      return make("reopen", R"("reason":"市民反映问题复发")");
    }
    if (chance(0.6)) {
      return make("followup",
                  R"("satisfaction":)" + std::to_string(1 + static_cast<int>(pick(5))));
    }
    plan.done = true;
    return std::nullopt;
  }
  // A status this workload does not drive (none today): leave the case alone.
  plan.done = true;
  return std::nullopt;
}

std::string make_key(const std::string& run_id, int iteration, int worker, std::uint64_t n) {
  return "crash-" + run_id + "-" + std::to_string(iteration) + "-" + std::to_string(worker) +
         "-" + std::to_string(n);
}

std::string create_body(const std::string& key) {
  const auto h = stable_hash(key);
  const auto& street = streets[h % streets.size()];
  const auto& cat = categories[(h / streets.size()) % categories.size()];
  return R"({"source":"hotline","text":"[crash key=)" + key + "] " + std::string(cat.text) +
         R"(","category":")" + std::string(cat.code) + R"(","node":")" + std::string(street) +
         R"("})";
}

std::string key_in_text(std::string_view text) {
  constexpr std::string_view marker = "[crash key=";
  if (text.substr(0, marker.size()) != marker) return {};
  const auto end = text.find(']', marker.size());
  if (end == std::string_view::npos) return {};
  return std::string(text.substr(marker.size(), end - marker.size()));
}

std::string iso_utc(std::int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

}  // namespace cityops::crash
