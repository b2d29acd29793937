#pragma once
// What the service knows across cases, kept up to date from committed case states: open
// cases by place for duplicate checks (duplicate_detector), callers' histories
// (reporter_book), closed cases for "similar cases" (similar_case_index), departments' load
// and 90-day record per category for dispatch ranking (dispatch_history), and which open
// cases are linked as duplicates of which original. Pure and single-threaded; the
// case_insight actor holds one and feeds it.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "actors/domain/case_record.hpp"
#include "actors/domain/dispatch_ranking.hpp"
#include "actors/domain/duplicate_detector.hpp"
#include "actors/domain/reporter_history.hpp"
#include "actors/domain/similar_case_index.hpp"
#include "config/city_model.hpp"
#include "config/intake_settings.hpp"

namespace cityops::domain {

duplicate_rules duplicate_rules_from(const config::duplicate_settings& settings);

// The categories besides `category` that the classifier ranked for a text with at least
// `rules.alternative_min_score`, best first: where the detector also looks for its repeats.
std::vector<std::string> alternative_categories(const classification_result& classification,
                                                const std::string& category,
                                                const duplicate_rules& rules);

struct duplicate_verdict {
  std::string duplicate_of;           // linked
  std::string possible_duplicate_of;  // flagged
  double score = 0;
};

class case_insight {
 public:
  // `city` must outlive the object.
  case_insight(const config::city_model& city, const config::intake_settings& settings);

  // A case's state changed from `before` (version 0: a new case) to `after` through `events`.
  void observe(const case_record& before, const case_record& after,
               const std::vector<case_event>& events);
  // A stored snapshot at start-up (no events known): indexes it as it stands.
  void load(const case_record& snapshot);

  // The duplicate verdict for a report about to be committed as case `case_id`. Keeps the
  // report's text sketch until the case is indexed (a few hundred at most), so the commit
  // does not compute it again.
  duplicate_verdict check_duplicate(const case_event& reported) const;
  // The open cases the report may repeat, best first, at most `max` (the verdict of
  // check_duplicate is the first one's). Nothing when the report has no category yet.
  std::vector<duplicate_candidate> duplicate_candidates(const case_event& reported,
                                                        std::size_t max) const;
  const duplicate_rules& duplicate_rules_in_use() const { return duplicates_.rules(); }
  reporter_summary reporter(const std::string& reporter_hash, std::int64_t now_ms,
                            const std::string& exclude_case) const;
  // The caller's cases of the last 90 days, newest first (reporter_book::recent), and how
  // many were reported since `since_ms` (reporter_book::count_since).
  std::vector<reporter_case> reporter_cases(const std::string& reporter_hash,
                                            std::int64_t now_ms, std::size_t max) const {
    return reporters_.recent(reporter_hash, now_ms, max);
  }
  std::uint32_t reporter_count_since(const std::string& reporter_hash,
                                     std::int64_t since_ms) const {
    return reporters_.count_since(reporter_hash, since_ms);
  }
  std::vector<dispatch_suggestion> suggest_dispatch(const case_record& record,
                                                    std::int64_t now_ms) const;
  std::vector<similar_case_index::hit> similar(const case_record& record, std::size_t k) const;
  // Open cases linked as duplicates of `original` (they close when it closes).
  std::vector<std::string> linked_duplicates(const std::string& original) const;

  std::size_t open_indexed() const { return duplicates_.size(); }
  std::size_t closed_indexed() const { return similar_.size(); }

 private:
  void index_open(const case_record& r);
  void forget_open(const case_record& r);
  void track_load(const case_record& before, const case_record& after);

  const config::city_model& city_;
  duplicate_detector duplicates_;
  reporter_book reporters_;
  similar_case_index similar_;
  dispatch_history history_;
  std::unordered_map<std::string, department_load> loads_;
  std::unordered_map<std::string, std::unordered_set<std::string>> followers_;  // original -> dups
  // Text sketches of checked reports by text, taken by index_open; cleared when full.
  mutable std::unordered_map<std::string, minhash_signature> checked_sketches_;
  static constexpr std::size_t checked_sketches_max = 256;
  static constexpr std::uint64_t prune_every = 10000;  // observed states between prunes
  std::uint64_t observed_ = 0;
};

}  // namespace cityops::domain
