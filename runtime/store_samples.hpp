#pragma once
// The store actor's vital-sign requests (actors/indicator_protocol.hpp), as plain functions
// over the sample store: the store actor stays the single writer and calls these from its
// handlers; history reads run on its reader. A null store answers storage_failure.

#include <vector>

#include <caf/all.hpp>

#include "actors/indicator_protocol.hpp"
#include "storage/sample_store.hpp"

namespace cityops {

// One synced WriteBatch: the samples and the latest records.
caf::result<caf::ok_atom> write_samples(storage::sample_store* samples, const sample_write& w);

// Every indicator's latest record.
caf::result<std::vector<domain::indicator_status>> load_latest(
    const storage::sample_store* samples);

// The samples of q.indicator within [from_ms, to_ms] in at most q.points points
// (domain::history_builder): invalid_field for points outside 1..history_max_points
// (field `points`) or from after to (field `from`).
caf::result<domain::indicator_history> read_history(const storage::sample_store* samples,
                                                    const history_query& q);

}  // namespace cityops
