#include "storage/case_query.hpp"

#include <algorithm>

namespace cityops::storage {

bool case_matches(const case_filter& f, const domain::case_record& r) {
  if (f.status && r.status != *f.status) return false;
  if (!f.department.empty() && r.department != f.department) return false;
  if (!f.node.empty() &&
      std::find(r.location_path.begin(), r.location_path.end(), f.node) == r.location_path.end())
    return false;
  if (f.overdue_only && !(r.overdue && domain::is_open(r.status))) return false;
  if (f.from_ms && r.created_ms < *f.from_ms) return false;
  if (f.to_ms && r.created_ms >= *f.to_ms) return false;
  if (!f.reporter_hash.empty() && r.report.reporter_hash != f.reporter_hash) return false;
  if (f.unclassified_only && !(r.status == domain::case_status::reported && r.category.empty()))
    return false;
  if (f.priority && r.report.priority != *f.priority) return false;
  return true;
}

}  // namespace cityops::storage
