#include "gateway/open311/form_parser.hpp"

#include <algorithm>

#include "gateway/http_types.hpp"
#include "gateway/utf8.hpp"

namespace cityops::gateway::open311 {
namespace {

bool acceptable_text(std::string_view s) {
  return s.find('\0') == std::string_view::npos && is_valid_utf8(s);
}

// Printable form of a parameter name for error messages (it may be anything).
std::string shown(std::string_view name) {
  std::string s(utf8_prefix(name, 64));
  if (!is_valid_utf8(s) || s.find('\0') != std::string::npos) return "(unreadable)";
  return s;
}

}  // namespace

std::optional<std::string> form_data::get(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return f.value;
  return std::nullopt;
}

std::optional<std::string> form_data::value(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name && !f.value.empty()) return f.value;
  return std::nullopt;
}

std::size_t form_data::count(std::string_view name) const {
  return static_cast<std::size_t>(std::count_if(
      fields.begin(), fields.end(), [&](const form_field& f) { return f.name == name; }));
}

std::variant<form_data, form_error> parse_form(std::string_view body, std::size_t max_fields) {
  form_data out;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    auto amp = body.find('&', pos);
    if (amp == std::string_view::npos) amp = body.size();
    const auto pair = body.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    if (out.fields.size() == max_fields)
      return form_error{"", "the form has more than " + std::to_string(max_fields) + " fields"};
    const auto eq = pair.find('=');
    form_field f;
    f.name = percent_decode(pair.substr(0, eq), true);
    f.value = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true);
    if (!acceptable_text(f.name))
      return form_error{"", "a field name is not valid UTF-8 (or holds NUL)"};
    if (!acceptable_text(f.value))
      return form_error{f.name, "'" + shown(f.name) + "' is not valid UTF-8 (or holds NUL)"};
    out.fields.push_back(std::move(f));
  }
  return out;
}

bool is_form_content_type(std::string_view content_type) {
  auto media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  return ascii_lower(media) == "application/x-www-form-urlencoded";
}

std::variant<std::vector<form_attribute>, form_error> parse_attributes(const form_data& form) {
  constexpr std::string_view prefix = "attribute";
  std::vector<form_attribute> out;
  for (const auto& f : form.fields) {
    std::string_view key = f.name;
    if (key.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = key.substr(prefix.size());
    auto malformed = [&] {
      return form_error{f.name, "'" + shown(f.name) +
                                    "' is not attribute[code] or attribute[code][]"};
    };
    if (rest.empty() || rest.front() != '[') {
      if (rest.empty()) return malformed();  // a bare "attribute"
      continue;                              // some other field, e.g. "attributes"
    }
    const auto close = rest.find(']');
    if (close == std::string_view::npos || close == 1) return malformed();
    const std::string code(rest.substr(1, close - 1));
    if (code.find('[') != std::string::npos) return malformed();
    std::string_view tail = rest.substr(close + 1);
    if (!tail.empty()) {
      // "[]" or "[<digits>]" only: one more level for multivaluelist entries.
      if (tail.size() < 2 || tail.front() != '[' || tail.back() != ']') return malformed();
      const auto index = tail.substr(1, tail.size() - 2);
      if (!std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return malformed();
    }
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const form_attribute& a) { return a.code == code; });
    if (it == out.end()) {
      out.push_back(form_attribute{code, {}});
      it = out.end() - 1;
    }
    it->values.push_back(f.value);
  }
  return out;
}

}  // namespace cityops::gateway::open311
