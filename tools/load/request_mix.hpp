#pragma once
// The request mix: which request a virtual client sends next. Pure (no I/O): it turns the
// city catalogue, the options and a seed into a stream of ready-to-send HTTP requests, and
// remembers what it sent and what was acknowledged so it can send duplicates and reads of
// recent cases. Each io thread owns one mix (not thread-safe).
//
// The shape, and why:
// - sources by weight (hotline 55, grid 20, video 8, iot 4, app 8, open311 5 by default);
// - categories Zipf-skewed per source, a source's typical categories hottest (noise and
//   heating for the hotline, street vending and parking for grid workers and cameras,
//   manholes and flooding for sensors), because real intake is dominated by a handful;
// - communities Zipf-skewed (a shuffled ranking, fixed by the seed): hot spots;
// - a share sends lat/lon jittered around the community (~200 m) instead of its id;
// - duplicates: the text and node of a recent case sent again (another caller, same issue);
// - an Idempotency-Key on a share of creates, and a share of those replayed at once
//   (the answer must carry the same id);
// - optional reads: a recent case by id, or a listing page.

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "tools/load/catalogue.hpp"
#include "tools/load/complaint_text.hpp"
#include "tools/load/rng.hpp"

namespace cityops::load {

enum class request_kind : std::size_t {
  hotline, grid, video, iot, app, open311,  // creates, by source
  replay,      // an immediate retry of a keyed create
  get_case,    // GET /api/v1/cases/{id}
  list_cases,  // GET /api/v1/cases?…
};
inline constexpr std::size_t request_kind_count = 9;
const char* to_string(request_kind k);
bool is_create(request_kind k);

struct planned_request {
  request_kind kind = request_kind::hotline;
  std::string method;        // "POST" / "GET"
  std::string target;        // path and query
  std::string body;          // "" for GET
  std::string content_type;  // "" for GET
  std::string idempotency_key;  // "" = none
  bool duplicate = false;       // text and node of a recent case
  std::string expected_id;      // replay: the id the first answer gave
};

struct source_weights {
  double hotline = 55, grid = 20, video = 8, iot = 4, app = 8, open311 = 5;
};

struct mix_options {
  source_weights sources;
  double category_zipf = 1.1;     // exponent over categories (per source ranking)
  double geo_zipf = 1.0;          // exponent over communities
  double latlon_share = 0.3;      // creates giving lat/lon instead of node (JSON sources)
  double duplicate_share = 0.05;  // creates resending a recent case's text at its node
  double idempotency_share = 0.3; // JSON creates carrying an Idempotency-Key
  double replay_share = 0.02;     // keyed creates retried at once with the same key
  double read_ratio = 0.0;        // requests that are reads (get by id / list)
  double uncategorized_share = 0.1;  // hotline creates without a category (operator classifies)
  std::string open311_key;        // api_key for Open311 POSTs
  std::string key_prefix = "load";  // Idempotency-Key prefix, unique per run and thread
};

class request_mix {
 public:
  // Throws std::invalid_argument when the catalogue is empty or the weights are unusable.
  request_mix(const catalogue& city, mix_options options, std::uint64_t seed);

  // The next request of the stream (a create or, per read_ratio, a read).
  planned_request next();

  // Called when a create was acknowledged with `id`: remembered for reads. Returns the
  // replay to send at once when this keyed create is one to retry (per replay_share).
  std::optional<planned_request> on_created(const planned_request& sent, const std::string& id);

  // The ranking the mix uses (index into catalogue.categories, hottest first) for a source;
  // exposed for tests and the result file.
  const std::vector<std::size_t>& category_ranking(case_source s) const;

 private:
  struct recent_report {
    case_source source;
    std::size_t category;
    std::size_t community;
    std::string text;
  };

  planned_request make_create();
  planned_request make_read();
  planned_request json_create(case_source source, std::size_t cat, std::size_t com,
                              const std::string& text, bool duplicate);
  planned_request open311_create(std::size_t cat, std::size_t com, const std::string& text);

  const catalogue& city_;
  mix_options options_;
  rng rng_;
  weighted_picker source_picker_;
  std::array<std::vector<std::size_t>, 6> category_rank_;  // per source
  weighted_picker category_picker_;                         // over ranks
  std::vector<std::size_t> community_rank_;
  weighted_picker community_picker_;
  std::deque<recent_report> recent_reports_;  // for duplicates (bounded)
  std::deque<std::string> recent_ids_;        // for reads (bounded)
  std::uint64_t key_counter_ = 0;
};

}  // namespace cityops::load
