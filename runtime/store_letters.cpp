#include "runtime/store_letters.hpp"

#include "runtime/store_errors.hpp"

namespace cityops {
namespace {

caf::error unavailable() {
  return field_failure(domain::error_code::storage_failure, "", "the letter store is not available");
}

// The stored letter `id`: not_found, or storage_failure.
caf::error read_failure(const storage::status& s, const std::string& id) {
  if (s.is_not_found())
    return field_failure(domain::error_code::not_found, "id", "no letter '" + id + "'");
  return storage_failed(s);
}

}  // namespace

caf::result<domain::risk_letter> issue_letter(storage::letter_store* letters,
                                              const storage::alert_store* alerts,
                                              const letter_issue& req) {
  if (!letters || !alerts) return unavailable();
  domain::alert a;
  if (const auto s = alerts->get(req.alert_id, a); !s.is_ok()) {
    if (s.is_not_found())
      return field_failure(domain::error_code::not_found, "id", "no alert '" + req.alert_id + "'");
    return storage_failed(s);
  }
  if (!domain::in_scope(a, req.scope))
    return field_failure(domain::error_code::forbidden, "id",
                "alert '" + req.alert_id + "' concerns a case outside your node");
  auto made = domain::make_letter(a, req.draft);
  if (!made.ok()) return make_domain_error(made.error());
  if (const auto s = letters->issue(made.value()); !s.is_ok()) return storage_failed(s);
  return std::move(made.value());
}

caf::result<domain::risk_letter> reply_letter(storage::letter_store* letters,
                                              const letter_reply& req) {
  if (!letters) return unavailable();
  domain::risk_letter l;
  if (const auto s = letters->get(req.id, l); !s.is_ok()) return read_failure(s, req.id);
  if (auto refused = domain::record_reply(l, req.who, req.text, req.at_ms))
    return make_domain_error(std::move(*refused));
  if (const auto s = letters->put(l); !s.is_ok()) return storage_failed(s);
  return l;
}

caf::result<domain::risk_letter> get_letter(const storage::letter_store* letters,
                                            const std::string& id,
                                            const domain::alert_scope& scope) {
  if (!letters) return unavailable();
  domain::risk_letter l;
  if (const auto s = letters->get(id, l); !s.is_ok()) return read_failure(s, id);
  if (!domain::in_scope(l, scope))
    return field_failure(domain::error_code::forbidden, "id",
                "letter '" + id + "' is outside your node or department");
  return l;
}

caf::result<letter_list> list_letters(const storage::letter_store* letters,
                                      const letter_query& q) {
  if (!letters) return unavailable();
  storage::letter_filter f;
  f.scope = q.scope;
  if (!q.status.empty()) {
    f.status = domain::parse_letter_status(q.status);
    if (!f.status)
      return field_failure(domain::error_code::invalid_field, "status",
                  "status must be issued or replied, not '" + q.status + "'");
  }
  if (q.limit == 0 || q.limit > storage::letter_list_max_limit)
    return field_failure(domain::error_code::invalid_field, "limit",
                "limit must be 1.." + std::to_string(storage::letter_list_max_limit));
  storage::letter_page page;
  const auto s = letters->list(f, q.cursor, q.limit, page);
  if (s.error_code() == storage::status::code::invalid_argument)
    return field_failure(domain::error_code::invalid_field, "cursor", "invalid cursor: " + s.message());
  if (!s.is_ok()) return storage_failed(s);
  return letter_list{std::move(page.items), std::move(page.next_cursor)};
}

}  // namespace cityops
