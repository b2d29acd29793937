#pragma once
// The duplicate test set (config/default/corpus/dup_*.tsv): lines "<group>\t<code>\t<text>",
// '#' comment lines. A group "<code>-gN" holds several reports of one incident; a group
// "<code>-gN-miss" is a different incident of the same category close by (a near miss: it
// must not be linked to "<code>-gN"). Pure.

#include <string>
#include <string_view>
#include <vector>

namespace cityops::eval {

struct duplicate_line {
  std::string group;
  std::string category;  // minor code
  std::string text;
};

// Lines without three non-empty tab-separated fields are skipped.
std::vector<duplicate_line> parse_duplicate_tsv(std::string_view tsv);

// "0101-g1-miss" → true.
bool is_near_miss_group(std::string_view group);
// The incident a group belongs to: "0101-g1-miss" → "0101-g1"; "0101-g1" → itself.
std::string incident_of(std::string_view group);

struct incident {
  std::string id;                           // "0101-g1"
  std::vector<duplicate_line> reports;      // lines of the group itself
  std::vector<duplicate_line> near_misses;  // lines of "<id>-miss"
};

// Lines gathered by incident, in the order incidents first appear.
std::vector<incident> group_incidents(const std::vector<duplicate_line>& lines);

}  // namespace cityops::eval
