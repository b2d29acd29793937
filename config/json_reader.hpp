#pragma once
// Reading JSON objects (simdjson DOM underneath, not exposed here) with errors that name the
// field at fault, ready for api.md's error shape: the gateway's request bodies
// (gateway/json_input.hpp) and scenario parameters (actors/scenario_params.hpp), which are
// checked like the config files are.
//
//   json_object_reader in;
//   if (auto err = json_object_reader::parse(req.body, in)) return respond(error_response(*err));
//   auto text  = in.string("text", /*required=*/true, 8000);
//   auto lat   = in.number("lat");
//   auto rep   = in.object("reporter");            // nested: errors name "reporter.phone"
//   auto phone = rep.string("phone", false, 32);
//   in.reject_unknown({"source", "text", "lat", "reporter"});
//   if (in.error()) return respond(error_response(*in.error()));
//
// Accessors record the FIRST error (shared by a reader and the readers it hands out) and keep
// returning values/nullopt afterwards, so a handler reads every field then checks error() once.
// A key whose value is JSON null counts as absent. A reader owns (shares) its parsed document:
// it stays valid after later parses and may be moved to another thread, but one reader family
// must not be used from two threads at once. Safe on arbitrary input: invalid UTF-8, nesting
// deeper than 64 levels, numbers out of range and the like are `invalid_json`.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::config {

struct input_error {
  std::string code;     // "invalid_json" | "missing_field" | "invalid_field"
  std::string field;    // "text", "reporter.phone", "media[2]"; "" for the body itself
  std::string message;  // human-readable, names the field
};

class json_object_reader {
 public:
  static constexpr std::size_t default_max_len = 4096;
  static constexpr std::size_t max_depth = 64;

  json_object_reader();  // an absent object: every accessor yields nothing, records nothing

  // Parses body; on success `out` reads the top-level object. Errors: invalid_json (simdjson's
  // message) or invalid_field with field "" when the body is valid JSON but not an object.
  static std::optional<input_error> parse(std::string_view body, json_object_reader& out);

  bool present() const { return node_ != nullptr; }
  bool has(std::string_view key) const;  // present and not null

  // Wrong type -> invalid_field ("'lat' must be a number"); required and absent/null ->
  // missing_field ("'text' is required"); longer than max_len bytes -> invalid_field.
  std::optional<std::string> string(std::string_view key, bool required = false,
                                    std::size_t max_len = default_max_len);
  std::optional<double> number(std::string_view key, bool required = false);
  // Integers (or doubles with an exact integral value) within int64.
  std::optional<std::int64_t> integer(std::string_view key, bool required = false);
  std::optional<bool> boolean(std::string_view key, bool required = false);
  // Absent -> empty. Errors name the element: "media[2]".
  std::vector<std::string> string_array(std::string_view key, std::size_t max_items = 64,
                                        std::size_t max_len = default_max_len);
  // Nested object; absent (or on error) -> a reader with present() == false.
  json_object_reader object(std::string_view key, bool required = false);
  // Array of objects; element readers name fields "samples[0].value".
  std::vector<json_object_reader> object_array(std::string_view key, std::size_t max_items,
                                               bool required = false);
  // A reader of the same object whose errors are its own, not shared with this family: one
  // item of an array checked on its own (a bad item refused, the others kept).
  json_object_reader detached() const;
  // Any value re-serialized compactly (e.g. free-form scenario parameters); nullopt if absent.
  std::optional<std::string> raw(std::string_view key, bool required = false);
  // Keys of this object, in document order.
  std::vector<std::string> keys() const;

  // First key not in `known` -> invalid_field naming it (also recorded as the error).
  std::optional<input_error> reject_unknown(std::initializer_list<std::string_view> known);

  // Records an invalid_field error for key (e.g. a range check done by the caller).
  void fail(std::string_view key, std::string message);
  // Records any error (first one wins).
  void record(input_error e);

  const std::optional<input_error>& error() const;
  // Full field name of key in this reader: "reporter.phone".
  std::string field_name(std::string_view key) const;

 private:
  struct node;
  json_object_reader(std::shared_ptr<const node> n,
                     std::shared_ptr<std::optional<input_error>> err, std::string prefix);
  void missing(std::string_view key);
  void wrong_type(std::string_view key, std::string_view expected);

  std::shared_ptr<const node> node_;
  std::shared_ptr<std::optional<input_error>> error_;
  std::string prefix_;
};

}  // namespace cityops::config
