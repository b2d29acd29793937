#pragma once
// The errors the store actor's request functions answer with (store_letters, store_samples):
// a domain error naming its field, and storage_failure carrying a storage status.

#include <string>

#include <caf/error.hpp>

#include "actors/protocol.hpp"
#include "storage/status.hpp"

namespace cityops {

inline caf::error field_failure(domain::error_code code, std::string field, std::string message) {
  return make_domain_error(domain::field_error(code, std::move(field), std::move(message)));
}

inline caf::error storage_failed(const storage::status& s) {
  return field_failure(domain::error_code::storage_failure, "", s.to_string());
}

}  // namespace cityops
