#include "tools/crash/replies.hpp"

#include <simdjson.h>

#include <cctype>

#include "tools/crash/workload.hpp"

namespace cityops::crash {

namespace {

std::string string_or_empty(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get(v)) return {};  // missing, null or not a string
  return std::string(v);
}

}  // namespace

std::optional<case_reply> parse_case_reply(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc)) return std::nullopt;
  case_reply out;
  out.c.id = string_or_empty(doc, "id");
  out.c.status = string_or_empty(doc, "status");
  if (out.c.id.empty() || out.c.status.empty()) return std::nullopt;
  out.c.key = key_in_text(string_or_empty(doc, "text"));
  out.department = string_or_empty(doc, "department");
  simdjson::dom::element ext;
  out.pending_extension = !doc["extension_requested"].get(ext) && !ext.is_null();
  simdjson::dom::array history;
  if (!doc["history"].get(history)) {
    for (auto h : history) {
      observed_event e;
      std::uint64_t seq = 0;
      if (h["seq"].get(seq)) return std::nullopt;
      e.seq = seq;
      e.type = string_or_empty(h, "type");
      e.status = string_or_empty(h, "status");
      e.by = string_or_empty(h, "by");
      out.c.history.push_back(std::move(e));
    }
  }
  return out;
}

std::optional<error_reply> parse_error_reply(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc)) return std::nullopt;
  simdjson::dom::element err;
  if (doc["error"].get(err)) return std::nullopt;
  error_reply out;
  out.code = string_or_empty(err, "code");
  out.status = string_or_empty(err, "status");
  out.field = string_or_empty(err, "field");
  if (out.code.empty()) return std::nullopt;
  return out;
}

std::optional<listing_page> parse_listing_page(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc)) return std::nullopt;
  simdjson::dom::array items;
  if (doc["items"].get(items)) return std::nullopt;
  listing_page out;
  for (auto item : items) {
    listed_case c;
    c.id = string_or_empty(item, "id");
    if (c.id.empty()) return std::nullopt;
    c.key = key_in_text(string_or_empty(item, "text"));
    out.items.push_back(std::move(c));
  }
  simdjson::dom::element cursor;
  if (doc["next_cursor"].get(cursor)) return std::nullopt;
  if (!cursor.is_null()) {
    std::string_view v;
    if (cursor.get(v)) return std::nullopt;
    out.next_cursor = std::string(v);
  }
  return out;
}

const observed_event* find_event_by(const std::vector<observed_event>& history,
                                    const std::string& by) {
  for (auto it = history.rbegin(); it != history.rend(); ++it)
    if (it->by == by) return &*it;
  return nullptr;
}

}  // namespace cityops::crash
