#include "tools/load/request_mix.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "tools/load/json_text.hpp"

namespace cityops::load {

namespace {

constexpr std::size_t max_recent_reports = 256;
constexpr std::size_t max_recent_ids = 1024;
constexpr double jitter_degrees = 0.002;  // σ ≈ 220 m north-south: a report near the community

// The categories each source reports most, hottest first (codes of the default catalogue;
// codes a city lacks are skipped, the rest of its catalogue follows in seeded order).
const std::vector<std::string>& preferred_codes(case_source s) {
  static const std::vector<std::string> hotline{"0608", "1101", "0503", "1102", "0605",
                                                "0701", "0301", "0904", "0802", "1111"};
  static const std::vector<std::string> grid{"0601", "0605", "0301", "0303", "0603",
                                             "0302", "0606", "0201"};
  static const std::vector<std::string> video{"0601", "0605", "0606", "0301", "0304",
                                              "0703", "0607"};
  static const std::vector<std::string> iot{"0101", "0802", "0801", "0104", "0108",
                                            "0804", "0902"};
  static const std::vector<std::string> app{"0108", "0201", "0608", "0605", "0301",
                                            "0401", "0203"};
  switch (s) {
    case case_source::hotline: return hotline;
    case case_source::grid: return grid;
    case case_source::video: return video;
    case case_source::iot: return iot;
    case case_source::app:
    case case_source::open311: return app;
  }
  return hotline;
}

std::string coordinate(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

void shuffle(std::vector<std::size_t>& v, rng& r) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[r.below(i)]);
}

}  // namespace

const char* to_string(request_kind k) {
  switch (k) {
    case request_kind::hotline: return "hotline";
    case request_kind::grid: return "grid";
    case request_kind::video: return "video";
    case request_kind::iot: return "iot";
    case request_kind::app: return "app";
    case request_kind::open311: return "open311";
    case request_kind::replay: return "replay";
    case request_kind::get_case: return "get_case";
    case request_kind::list_cases: return "list_cases";
  }
  return "?";
}

bool is_create(request_kind k) {
  return static_cast<std::size_t>(k) <= static_cast<std::size_t>(request_kind::open311);
}

request_mix::request_mix(const catalogue& city, mix_options options, std::uint64_t seed)
    : city_(city), options_(std::move(options)), rng_(seed) {
  if (city_.categories.empty()) throw std::invalid_argument("the city has no categories");
  if (city_.communities.empty()) throw std::invalid_argument("the city has no communities");
  const auto& w = options_.sources;
  source_picker_ = weighted_picker({w.hotline, w.grid, w.video, w.iot, w.app, w.open311});

  // Rankings come from a generator of their own, so they depend on the seed only — not on
  // how many requests were drawn before.
  rng ranking_rng(seed ^ 0x5eed5eed5eedULL);
  std::vector<std::size_t> base(city_.categories.size());
  for (std::size_t i = 0; i < base.size(); ++i) base[i] = i;
  shuffle(base, ranking_rng);
  for (std::size_t s = 0; s < category_rank_.size(); ++s) {
    auto& rank = category_rank_[s];
    for (const auto& code : preferred_codes(static_cast<case_source>(s))) {
      auto it = std::find_if(city_.categories.begin(), city_.categories.end(),
                             [&](const category_info& c) { return c.code == code; });
      if (it != city_.categories.end()) rank.push_back(it - city_.categories.begin());
    }
    for (std::size_t i : base) {
      if (std::find(rank.begin(), rank.end(), i) == rank.end()) rank.push_back(i);
    }
  }
  category_picker_ = weighted_picker(zipf_weights(city_.categories.size(), options_.category_zipf));

  community_rank_.resize(city_.communities.size());
  for (std::size_t i = 0; i < community_rank_.size(); ++i) community_rank_[i] = i;
  shuffle(community_rank_, ranking_rng);
  community_picker_ = weighted_picker(zipf_weights(community_rank_.size(), options_.geo_zipf));
}

const std::vector<std::size_t>& request_mix::category_ranking(case_source s) const {
  return category_rank_[static_cast<std::size_t>(s)];
}

planned_request request_mix::next() {
  if (options_.read_ratio > 0 && rng_.chance(options_.read_ratio)) return make_read();
  return make_create();
}

planned_request request_mix::make_create() {
  const auto source = static_cast<case_source>(source_picker_.pick(rng_));
  if (source != case_source::open311 && !recent_reports_.empty() &&
      rng_.chance(options_.duplicate_share)) {
    const recent_report& again = recent_reports_[rng_.below(recent_reports_.size())];
    return json_create(source, again.category, again.community, again.text, true);
  }
  const std::size_t cat = category_rank_[static_cast<std::size_t>(source)][category_picker_.pick(rng_)];
  const std::size_t com = community_rank_[community_picker_.pick(rng_)];
  std::string text = complaint_text(source, city_.categories[cat], city_.communities[com], rng_);
  recent_reports_.push_back({source, cat, com, text});
  if (recent_reports_.size() > max_recent_reports) recent_reports_.pop_front();
  if (source == case_source::open311) return open311_create(cat, com, text);
  return json_create(source, cat, com, text, false);
}

planned_request request_mix::json_create(case_source source, std::size_t cat, std::size_t com,
                                         const std::string& text, bool duplicate) {
  const category_info& c = city_.categories[cat];
  const community_info& where = city_.communities[com];
  planned_request p;
  p.kind = static_cast<request_kind>(source);
  p.method = "POST";
  p.target = "/api/v1/cases";
  p.content_type = "application/json";
  p.duplicate = duplicate;

  std::string& b = p.body;
  b.reserve(text.size() + 256);
  b += "{\"source\":";
  append_json_string(b, to_string(source));
  b += ",\"text\":";
  append_json_string(b, text);
  if (!(source == case_source::hotline && rng_.chance(options_.uncategorized_share))) {
    b += ",\"category\":";
    append_json_string(b, c.code);
  }
  // A duplicate names the same node, so the service sees the same text at the same place.
  if (!duplicate && rng_.chance(options_.latlon_share)) {
    b += ",\"lat\":" + coordinate(where.lat + rng_.normal() * jitter_degrees);
    b += ",\"lon\":" + coordinate(where.lon + rng_.normal() * jitter_degrees);
  } else {
    b += ",\"node\":";
    append_json_string(b, where.id);
  }
  if (source == case_source::hotline || (source == case_source::app && rng_.chance(0.5))) {
    b += ",\"reporter\":{\"phone\":";
    append_json_string(b, phone_number(rng_));
    if (rng_.chance(0.6)) {
      b += ",\"name\":";
      append_json_string(b, reporter_name(rng_));
    }
    b += "}";
  }
  if (source == case_source::video) {
    b += ",\"media\":[\"https://video.example.cn/clips/" + std::to_string(rng_.below(1000000)) +
         ".mp4\"]";
  } else if ((source == case_source::grid || source == case_source::app) && rng_.chance(0.5)) {
    b += ",\"media\":[\"https://img.example.cn/p/" + std::to_string(rng_.below(1000000)) +
         ".jpg\"]";
  }
  if (rng_.chance(c.major == "08" ? 0.6 : 0.03)) b += ",\"priority\":\"urgent\"";
  b += "}";

  if (rng_.chance(options_.idempotency_share)) {
    p.idempotency_key = options_.key_prefix + "-" + std::to_string(++key_counter_);
  }
  return p;
}

planned_request request_mix::open311_create(std::size_t cat, std::size_t com,
                                            const std::string& text) {
  const category_info& c = city_.categories[cat];
  const community_info& where = city_.communities[com];
  planned_request p;
  p.kind = request_kind::open311;
  p.method = "POST";
  p.target = "/open311/v2/requests.json";
  p.content_type = "application/x-www-form-urlencoded";
  std::string& b = p.body;
  b += "api_key=" + url_encode(options_.open311_key);
  b += "&service_code=" + url_encode(c.code);
  b += "&lat=" + coordinate(where.lat + rng_.normal() * jitter_degrees);
  b += "&long=" + coordinate(where.lon + rng_.normal() * jitter_degrees);
  b += "&description=" + url_encode(text);
  if (rng_.chance(0.3)) {
    b += "&attribute%5Bpriority%5D=";
    b += rng_.chance(c.major == "08" ? 0.6 : 0.1) ? "urgent" : "normal";
  }
  if (rng_.chance(0.4)) {
    b += "&first_name=" + url_encode(reporter_name(rng_));
    b += "&phone=" + phone_number(rng_);
  }
  if (rng_.chance(0.3)) {
    b += "&media_url=" + url_encode("https://img.example.cn/o311/" +
                                    std::to_string(rng_.below(1000000)) + ".jpg");
  }
  return p;
}

planned_request request_mix::make_read() {
  planned_request p;
  p.method = "GET";
  if (!recent_ids_.empty() && rng_.chance(0.7)) {
    p.kind = request_kind::get_case;
    p.target = "/api/v1/cases/" + recent_ids_[rng_.below(recent_ids_.size())];
    return p;
  }
  p.kind = request_kind::list_cases;
  const double x = rng_.uniform();
  if (x < 0.6) {
    p.target = "/api/v1/cases?status=reported&limit=50";
  } else if (x < 0.8) {
    const community_info& where = city_.communities[community_rank_[community_picker_.pick(rng_)]];
    p.target = "/api/v1/cases?node=" + url_encode(where.parent.empty() ? where.id : where.parent) +
               "&limit=50";
  } else if (x < 0.9) {
    p.target = "/api/v1/cases?status=dispatched&limit=50";
  } else {
    p.target = "/api/v1/cases?overdue=true&limit=50";
  }
  return p;
}

std::optional<planned_request> request_mix::on_created(const planned_request& sent,
                                                       const std::string& id) {
  recent_ids_.push_back(id);
  if (recent_ids_.size() > max_recent_ids) recent_ids_.pop_front();
  if (sent.idempotency_key.empty() || !is_create(sent.kind) ||
      !rng_.chance(options_.replay_share)) {
    return std::nullopt;
  }
  planned_request replay = sent;
  replay.kind = request_kind::replay;
  replay.expected_id = id;
  return replay;
}

}  // namespace cityops::load
