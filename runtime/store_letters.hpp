#pragma once
// The store actor's letter requests (actors/letter_protocol.hpp), as plain functions over the
// letter and alert stores: the store actor stays the single writer and calls these from its
// handlers, one request at a time.

#include <string>

#include <caf/all.hpp>

#include "actors/letter_protocol.hpp"
#include "storage/alert_store.hpp"
#include "storage/letter_store.hpp"

namespace cityops {

// Reads the alert (not_found, field `id`), checks the caller sees it (forbidden), makes the
// letter (domain::make_letter: invalid_field) and issues it (numbered, one synced write).
// A null store answers storage_failure.
caf::result<domain::risk_letter> issue_letter(storage::letter_store* letters,
                                              const storage::alert_store* alerts,
                                              const letter_issue& req);

// Reads the letter, records the reply (domain::record_reply) and writes it (synced).
caf::result<domain::risk_letter> reply_letter(storage::letter_store* letters,
                                              const letter_reply& req);

// One letter, when `scope` sees it (forbidden otherwise).
caf::result<domain::risk_letter> get_letter(const storage::letter_store* letters,
                                            const std::string& id,
                                            const domain::alert_scope& scope);

caf::result<letter_list> list_letters(const storage::letter_store* letters,
                                      const letter_query& q);

}  // namespace cityops
