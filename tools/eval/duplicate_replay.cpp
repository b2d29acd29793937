#include "tools/eval/duplicate_replay.hpp"

#include <map>
#include <unordered_map>

namespace cityops::eval {
namespace {

// Candidates asked of find(): enough to see every pair of a group and its near misses.
constexpr std::size_t max_candidates = 64;

}  // namespace

replay_result replay_duplicates(const std::vector<simulated_report>& reports,
                                const std::vector<std::string>& categories,
                                const domain::duplicate_rules& rules,
                                const category_alternatives& alternatives) {
  static const std::vector<std::string> none;
  replay_result out;
  out.queries.resize(reports.size());
  domain::duplicate_detector detector(rules);
  std::unordered_map<std::string, std::size_t> index_of;  // report id → index
  std::map<std::string, std::size_t> seen_in_group;       // group → reports already added
  std::map<std::string, std::size_t> seen_of_incident;    // incident → its reports added
  std::map<std::string, std::size_t> misses_of_incident;  // incident → its near misses added
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const simulated_report& r = reports[i];
    const auto sketch = domain::text_minhash(r.text);
    const auto& others = alternatives.empty() ? none : alternatives.at(i);
    const auto found =
        detector.find(categories.at(i), others, r.lat, r.lon, r.at_ms, sketch, max_candidates);
    replay_query& q = out.queries[i];
    q.has_open_mate = seen_in_group[r.group] > 0;
    if (!found.empty()) {
      q.found = true;
      q.best_score = found.front().score;
      q.best_same_group = reports[index_of.at(found.front().id)].group == r.group;
    }
    for (const auto& c : found) {
      const simulated_report& other = reports[index_of.at(c.id)];
      if (other.group == r.group) {
        out.true_pair_scores.push_back(c.score);
      } else if (!r.incident.empty() && other.incident == r.incident) {
        out.near_miss_scores.push_back(c.score);
      }
    }
    // Pairs that exist whether or not find() saw them.
    if (r.kind == report_kind::report) {
      out.true_pairs += seen_in_group[r.group];
      out.near_miss_pairs += misses_of_incident[r.incident];
      ++seen_of_incident[r.incident];
    } else if (r.kind == report_kind::near_miss) {
      out.near_miss_pairs += seen_of_incident[r.incident];
      ++misses_of_incident[r.incident];
    }
    ++seen_in_group[r.group];
    index_of.emplace(r.id, i);
    detector.upsert({r.id, categories.at(i), others, r.lat, r.lon, r.at_ms, sketch});
  }
  return out;
}

detection_scores score_threshold(const replay_result& result, double threshold) {
  detection_counts c;
  for (const auto& q : result.queries) {
    const bool decided = q.found && q.best_score >= threshold;
    const bool right = decided && q.best_same_group;
    if (right) {
      ++c.true_positives;
    } else if (decided) {
      ++c.false_positives;
    }
    if (q.has_open_mate && !right) ++c.false_negatives;
  }
  return score_detection(c);
}

duplicate_verdicts score_verdicts(const replay_result& result, double link_score,
                                  double flag_score) {
  return {score_threshold(result, link_score), score_threshold(result, flag_score)};
}

score_distributions distributions(const replay_result& result) {
  return {summarize(result.true_pair_scores), summarize(result.near_miss_scores), result.true_pairs,
          result.near_miss_pairs};
}

}  // namespace cityops::eval
