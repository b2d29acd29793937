#pragma once
// One stored event of a case's history. Every move of the state machine produces exactly one
// event; the case record is the fold of its events (case_record.hpp). Fields that do not apply
// to an event type stay at their defaults and are not encoded (storage/event_codec).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/domain/case_status.hpp"
#include "actors/domain/risk_mark.hpp"

namespace cityops::domain {

enum class case_source : std::uint8_t { hotline = 0, grid, video, iot, app, open311 };
enum class case_priority : std::uint8_t { normal = 0, urgent };

std::string_view to_string(case_source s);
std::string_view to_string(case_priority p);
std::optional<case_source> parse_case_source(std::string_view s);
std::optional<case_priority> parse_case_priority(std::string_view s);

// What the text classifier made of a report: the best category, its probability and the
// runners-up. An empty `model` means the report was not classified (it came with a category,
// or no model is configured).
struct category_score {
  std::string code;
  double score = 0;
};
struct classification_result {
  std::string category;
  double confidence = 0;
  std::vector<category_score> top;  // best first, at most 3
  std::string model;                // the model's name, e.g. "fasttext-1a2b3c4d"
  bool empty() const { return model.empty(); }
};

// What a reporter submitted, with what intake found out about it; carried by the `reported`
// event only.
struct report_details {
  case_source source = case_source::hotline;
  std::string text;
  std::string category;       // minor category code
  double lat = 0;
  double lon = 0;
  bool has_location = false;  // lat/lon given by the reporter
  std::string address;
  std::string reporter_hash;  // salted hash of the phone number, never the number itself
  std::string reporter_name;
  std::vector<std::string> media;
  case_priority priority = case_priority::normal;
  std::string reported_by;    // the API principal (token owner) that filed it; "" before auth
  classification_result classification;
  std::string intake_mode;            // who decided the first moves: "auto", "suggest", "manual"
  std::string duplicate_of;           // an open case this one repeats: it closes with it
  std::string possible_duplicate_of;  // a likely repeat, left to an operator
  double duplicate_score = 0;         // the match score of either link
  risk_mark risk;  // the risk lexicon's words in the text (sensitive_matcher.hpp); makes it urgent
  // The active scenarios whose rules shaped the case at intake (node, deadline or priority;
  // scenario_rules.hpp), newest activation first; empty when none applied.
  std::vector<std::string> scenarios;
};

struct case_event {
  std::uint32_t seq = 0;   // 1-based position in the case's history
  event_type type = event_type::reported;
  std::int64_t at_ms = 0;  // unix time, milliseconds
  std::string by;          // who moved it: operator, department id, or "system"
  case_status status = case_status::reported;  // status after the event
  std::string node;        // responsible tier node after the event
  std::string department;  // assigned department after the event ("" = none)
  std::string reason;
  std::string category;    // set when the event (re)classifies the case
  std::string previous_category;  // with `category` on a reclassification: the one before

  // escalated
  domain::ring ring = domain::ring::none;
  std::string from_node;
  std::string to_node;
  // handled
  std::string result;
  // inspected
  bool passed = false;
  // followed_up: 1..5
  std::int32_t satisfaction = 0;
  // reported (initial deadline), dispatched / extended / reopened (new deadline)
  std::int64_t deadline_ms = 0;
  // merged
  std::string into;
  // reported: the report node and its ancestors, city first (for subtree queries)
  std::vector<std::string> location_path;
  // assistance_requested: the assisting departments; assistance_reported: the reporter
  std::vector<std::string> assistants;
  // extension_requested: the deadline asked for
  std::int64_t until_ms = 0;
  // supervised: the city or district centre that supervises
  std::string supervisor_node;
  // adjusted: the priority the case takes (unset: unchanged)
  std::optional<case_priority> priority;
  // reported
  report_details report;
};

}  // namespace cityops::domain
