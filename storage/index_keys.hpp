#pragma once
// The secondary index keys of a case snapshot (the `idx` column family; values are empty).
// A key is `<family>/<component>/<case_id>`; a scan over a family prefix returns case ids in
// key order, which within one component is case id order (creation order within a day):
//
//   s/<status>/<id>                 every case, by current status (domain wire name)
//   d/<department>/<id>             when a department is assigned
//   r/<reporter_hash>/<id>          when the reporter hash is known (一人多诉)
//   t/<yyyymmdd>/<id>               creation day in China Standard Time (UTC+8), only when the
//                                   id does not carry it (id_carries_day): the others are
//                                   found by id range in the `cases` family
//   p/<node>/<id>                   one per entry of location_path (the report node and each
//                                   ancestor) except a node the id starts with ("<node>-…",
//                                   id_under_node: the city of a service id), whose cases are
//                                   found by id range in the `cases` family
//   w/d/<department>/<id>           open cases waiting on a department (domain::waiting_on)
//   w/n/<node>/<id>                 open cases waiting on a tier node's centre
//   o/<id>                          open cases marked overdue
//   l/<16 hex due_ms>/<id>          open cases by their next SLA point (domain::next_sla_due:
//                                   the 75% reminder, then the deadline), nearest first
//
// Components are escaped ('%' -> "%25", '/' -> "%2F") so one prefix never matches a longer
// component; case ids must not contain '/' or '\0' (event_store::append checks). Pure and
// thread-safe; no RocksDB.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/case_record.hpp"

namespace cityops::storage {

// The first byte of every key of a family (the families above, in one place).
namespace index_family {
inline constexpr char status = 's';
inline constexpr char department = 'd';
inline constexpr char reporter = 'r';
inline constexpr char day = 't';
inline constexpr char location = 'p';
inline constexpr char waiting = 'w';
inline constexpr char overdue = 'o';
inline constexpr char deadline = 'l';
}  // namespace index_family

// All index keys of `record`, in family order s, d, r, t, p (location path order), w, o, l;
// the optional ones are left out when they do not apply.
std::vector<std::string> index_keys(const domain::case_record& record);

// Case ids as the service makes them: "<city>-<yyyymmdd>-<seq>" (any id without '/' or '\0'
// is stored; these helpers only decide which keys an id makes redundant).
// Splits `case_id` at its first '-'; false when it has none.
bool split_case_id(std::string_view case_id, std::string_view& city, std::string_view& rest);
// True when the part after the first '-' starts with the eight digits `yyyymmdd` and a '-'.
bool id_carries_day(std::string_view case_id, std::string_view yyyymmdd);
// True when `case_id` starts with "<node>-" (node non-empty).
bool id_under_node(std::string_view case_id, std::string_view node);

// Scan prefixes for event_store::scan_index; each ends with '/'.
std::string index_prefix_status(domain::case_status status);
std::string index_prefix_department(std::string_view department);
std::string index_prefix_reporter(std::string_view reporter_hash);
std::string index_prefix_day(std::string_view yyyymmdd);
// "p/<node>/": the cases reported at `node` or anywhere below it whose id does not start with
// "<node>-" (the others are the ids under "<node>-" in the `cases` family).
std::string index_prefix_location(std::string_view node);
// "w/d/<department>/", "w/n/<node>/": the open cases waiting on that party (rebuilds the
// department and tier-node queues after a restart).
std::string index_prefix_waiting_department(std::string_view department);
std::string index_prefix_waiting_node(std::string_view node);
// "w/": every waiting entry (both kinds), for the start-up rebuild of all queues.
std::string index_prefix_waiting();
// The party of a full waiting-index key "w/d/<department>/<id>" or "w/n/<node>/<id>"
// (unescaped); false for any other key.
bool parse_waiting_key(std::string_view key, domain::waiting_party& out);
// "o/": open cases marked overdue; scan entries are bare case ids.
std::string index_prefix_overdue();
// "l/": scan entries are "<16 hex deadline_ms>/<case_id>", nearest deadline first; split them
// with parse_deadline_entry.
std::string index_prefix_deadlines();

// The calendar day of `unix_ms` in UTC+8 as "yyyymmdd": domain::local_day_stamp, the day the
// case directory puts into case ids.
std::string day_of(std::int64_t unix_ms);
// Splits "<16 hex>/<case_id>"; false when `entry` has another shape.
bool parse_deadline_entry(std::string_view entry, std::int64_t& deadline_ms,
                          std::string& case_id);

}  // namespace cityops::storage
