#include "config/json_reader.hpp"

#include <simdjson.h>

#include <cmath>
#include <utility>

namespace cityops::config {

struct json_object_reader::node {
  std::shared_ptr<const simdjson::dom::document> doc;  // keeps the tape alive
  simdjson::dom::object obj;
};

namespace {

simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser = [] {
    simdjson::dom::parser p;
    // Small initial capacity; grows with the largest body seen, keeping this depth limit.
    simdjson::error_code err = p.allocate(4096, json_object_reader::max_depth);
    (void)err;  // on failure the parser allocates on first use
    return p;
  }();
  return parser;
}

// The value under key, or nullopt when absent or null.
std::optional<simdjson::dom::element> lookup(const simdjson::dom::object& obj,
                                             std::string_view key) {
  simdjson::dom::element e;
  if (obj.at_key(key).get(e) != simdjson::SUCCESS) return std::nullopt;
  if (e.is_null()) return std::nullopt;
  return e;
}

std::string quote_name(std::string_view field) {
  std::string s;
  s.reserve(field.size() + 2);
  s += '\'';
  s += field;
  s += '\'';
  return s;
}

std::string bytes_limit(std::string_view field, std::size_t max_len) {
  return quote_name(field) + " must be at most " + std::to_string(max_len) + " bytes";
}

}  // namespace

json_object_reader::json_object_reader()
    : error_(std::make_shared<std::optional<input_error>>()) {}

json_object_reader::json_object_reader(std::shared_ptr<const node> n,
                                       std::shared_ptr<std::optional<input_error>> err,
                                       std::string prefix)
    : node_(std::move(n)), error_(std::move(err)), prefix_(std::move(prefix)) {}

std::optional<input_error> json_object_reader::parse(std::string_view body,
                                                     json_object_reader& out) {
  out = json_object_reader();
  if (body.empty()) {  // also keeps a null data() away from simdjson's memcpy (UBSan)
    input_error e{"invalid_json", "", "the body is empty; a JSON object is required"};
    out.record(e);
    return e;
  }
  auto doc = std::make_shared<simdjson::dom::document>();
  simdjson::dom::element root;
  auto err = thread_parser().parse_into_document(*doc, body.data(), body.size()).get(root);
  if (err != simdjson::SUCCESS) {
    input_error e{"invalid_json", "", simdjson::error_message(err)};
    out.record(e);
    return e;
  }
  simdjson::dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) {
    input_error e{"invalid_field", "", "body must be a JSON object"};
    out.record(e);
    return e;
  }
  auto n = std::make_shared<node>();
  n->doc = std::move(doc);
  n->obj = obj;
  out.node_ = std::move(n);
  return std::nullopt;
}

std::string json_object_reader::field_name(std::string_view key) const {
  std::string s = prefix_;
  s += key;
  return s;
}

void json_object_reader::record(input_error e) {
  if (!error_) error_ = std::make_shared<std::optional<input_error>>();
  if (!*error_) *error_ = std::move(e);
}

void json_object_reader::fail(std::string_view key, std::string message) {
  record(input_error{"invalid_field", field_name(key), std::move(message)});
}

void json_object_reader::missing(std::string_view key) {
  std::string f = field_name(key);
  std::string msg = quote_name(f) + " is required";
  record(input_error{"missing_field", std::move(f), std::move(msg)});
}

void json_object_reader::wrong_type(std::string_view key, std::string_view expected) {
  std::string f = field_name(key);
  std::string msg = quote_name(f) + " must be " + std::string(expected);
  record(input_error{"invalid_field", std::move(f), std::move(msg)});
}

const std::optional<input_error>& json_object_reader::error() const {
  static const std::optional<input_error> none;
  return error_ ? *error_ : none;
}

bool json_object_reader::has(std::string_view key) const {
  return node_ && lookup(node_->obj, key).has_value();
}

std::optional<std::string> json_object_reader::string(std::string_view key, bool required,
                                                      std::size_t max_len) {
  if (!node_) return std::nullopt;
  auto e = lookup(node_->obj, key);
  if (!e) {
    if (required) missing(key);
    return std::nullopt;
  }
  std::string_view s;
  if (e->get_string().get(s) != simdjson::SUCCESS) {
    wrong_type(key, "a string");
    return std::nullopt;
  }
  if (s.size() > max_len) {
    fail(key, bytes_limit(field_name(key), max_len));
    return std::nullopt;
  }
  return std::string(s);
}

std::optional<double> json_object_reader::number(std::string_view key, bool required) {
  if (!node_) return std::nullopt;
  auto e = lookup(node_->obj, key);
  if (!e) {
    if (required) missing(key);
    return std::nullopt;
  }
  switch (e->type()) {
    case simdjson::dom::element_type::INT64:
      return static_cast<double>(e->get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64:
      return static_cast<double>(e->get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
      return e->get_double().value_unsafe();
    default:
      wrong_type(key, "a number");
      return std::nullopt;
  }
}

std::optional<std::int64_t> json_object_reader::integer(std::string_view key, bool required) {
  if (!node_) return std::nullopt;
  auto e = lookup(node_->obj, key);
  if (!e) {
    if (required) missing(key);
    return std::nullopt;
  }
  switch (e->type()) {
    case simdjson::dom::element_type::INT64:
      return e->get_int64().value_unsafe();
    case simdjson::dom::element_type::DOUBLE: {
      // Accept 5.0 for 5, but only where doubles are exact (|d| <= 2^53): a larger double
      // (e.g. -9223372036854775809 rounded) cannot be trusted to be the integer sent.
      double d = e->get_double().value_unsafe();
      if (std::isfinite(d) && d == std::trunc(d)) {
        if (std::fabs(d) <= 9007199254740992.0) return static_cast<std::int64_t>(d);
        break;  // integral but out of range
      }
      wrong_type(key, "an integer");
      return std::nullopt;
    }
    case simdjson::dom::element_type::UINT64:
      break;  // above INT64_MAX (smaller values are INT64)
    default:
      wrong_type(key, "an integer");
      return std::nullopt;
  }
  fail(key, quote_name(field_name(key)) + " is out of range");
  return std::nullopt;
}

std::optional<bool> json_object_reader::boolean(std::string_view key, bool required) {
  if (!node_) return std::nullopt;
  auto e = lookup(node_->obj, key);
  if (!e) {
    if (required) missing(key);
    return std::nullopt;
  }
  bool b = false;
  if (e->get_bool().get(b) != simdjson::SUCCESS) {
    wrong_type(key, "a boolean");
    return std::nullopt;
  }
  return b;
}

std::vector<std::string> json_object_reader::string_array(std::string_view key,
                                                          std::size_t max_items,
                                                          std::size_t max_len) {
  std::vector<std::string> out;
  if (!node_) return out;
  auto e = lookup(node_->obj, key);
  if (!e) return out;
  simdjson::dom::array arr;
  if (e->get_array().get(arr) != simdjson::SUCCESS) {
    wrong_type(key, "an array of strings");
    return out;
  }
  if (arr.size() > max_items) {
    fail(key, quote_name(field_name(key)) + " must have at most " + std::to_string(max_items) +
                  " items");
    return out;
  }
  std::size_t i = 0;
  for (simdjson::dom::element item : arr) {
    std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) {
      wrong_type(item_key, "a string");
      out.clear();
      return out;
    }
    if (s.size() > max_len) {
      fail(item_key, bytes_limit(field_name(item_key), max_len));
      out.clear();
      return out;
    }
    out.emplace_back(s);
    ++i;
  }
  return out;
}

json_object_reader json_object_reader::object(std::string_view key, bool required) {
  json_object_reader absent(nullptr, error_, field_name(key) + ".");
  if (!node_) return absent;
  auto e = lookup(node_->obj, key);
  if (!e) {
    if (required) missing(key);
    return absent;
  }
  simdjson::dom::object obj;
  if (e->get_object().get(obj) != simdjson::SUCCESS) {
    wrong_type(key, "an object");
    return absent;
  }
  auto n = std::make_shared<node>();
  n->doc = node_->doc;
  n->obj = obj;
  return json_object_reader(std::move(n), error_, field_name(key) + ".");
}

std::vector<json_object_reader> json_object_reader::object_array(std::string_view key,
                                                                 std::size_t max_items,
                                                                 bool required) {
  std::vector<json_object_reader> out;
  if (!node_) return out;
  auto e = lookup(node_->obj, key);
  if (!e) {
    if (required) missing(key);
    return out;
  }
  simdjson::dom::array arr;
  if (e->get_array().get(arr) != simdjson::SUCCESS) {
    wrong_type(key, "an array of objects");
    return out;
  }
  if (arr.size() > max_items) {
    fail(key, quote_name(field_name(key)) + " must have at most " + std::to_string(max_items) +
                  " items");
    return out;
  }
  std::size_t i = 0;
  for (simdjson::dom::element item : arr) {
    std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
    simdjson::dom::object obj;
    if (item.get_object().get(obj) != simdjson::SUCCESS) {
      wrong_type(item_key, "an object");
      out.clear();
      return out;
    }
    auto n = std::make_shared<node>();
    n->doc = node_->doc;
    n->obj = obj;
    out.push_back(json_object_reader(std::move(n), error_, field_name(item_key) + "."));
    ++i;
  }
  return out;
}

json_object_reader json_object_reader::detached() const {
  return json_object_reader(node_, std::make_shared<std::optional<input_error>>(), prefix_);
}

std::optional<std::string> json_object_reader::raw(std::string_view key, bool required) {
  if (!node_) return std::nullopt;
  auto e = lookup(node_->obj, key);
  if (!e) {
    if (required) missing(key);
    return std::nullopt;
  }
  return simdjson::minify(*e);
}

std::vector<std::string> json_object_reader::keys() const {
  std::vector<std::string> out;
  if (!node_) return out;
  for (auto field : node_->obj) out.emplace_back(field.key);
  return out;
}

std::optional<input_error> json_object_reader::reject_unknown(
    std::initializer_list<std::string_view> known) {
  if (!node_) return std::nullopt;
  for (auto field : node_->obj) {
    bool ok = false;
    for (std::string_view k : known) {
      if (k == field.key) {
        ok = true;
        break;
      }
    }
    if (!ok) {
      std::string f = field_name(field.key);
      input_error e{"invalid_field", f, "unknown field " + quote_name(f)};
      record(e);
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace cityops::config
