#include "gateway/open311/document.hpp"

#include "gateway/json_writer.hpp"
#include "gateway/open311/xml_writer.hpp"

namespace cityops::gateway::open311 {
namespace {

void write_json(json_writer& w, const element& e) {
  using k = element::kind;
  switch (e.type) {
    case k::text:
      w.value(e.text);
      break;
    case k::integer:
      w.value(e.integer);
      break;
    case k::number:
      w.value(e.number);
      break;
    case k::boolean:
      w.value(e.flag);
      break;
    case k::null:
      w.null();
      break;
    case k::object:
      w.begin_object();
      for (const auto& m : e.children) {
        w.key(m.name);
        write_json(w, m);
      }
      w.end_object();
      break;
    case k::list:
      w.begin_array();
      for (const auto& item : e.children) write_json(w, item);
      w.end_array();
      break;
  }
}

// Numbers as JSON writes them (shortest round-trip text; NaN/inf -> null -> empty element).
std::string number_text(double d) {
  json_writer w;
  w.value(d);
  return w.take();
}

void write_xml(xml_writer& w, const element& e, std::string_view name) {
  using k = element::kind;
  switch (e.type) {
    case k::text:
      w.element(name, e.text);
      break;
    case k::integer:
      w.element(name, std::to_string(e.integer));
      break;
    case k::number: {
      const auto t = number_text(e.number);
      if (t == "null")
        w.empty(name);
      else
        w.element(name, t);
      break;
    }
    case k::boolean:
      w.element(name, e.flag ? "true" : "false");
      break;
    case k::null:
      w.empty(name);
      break;
    case k::object:
      w.open(name);
      for (const auto& m : e.children) write_xml(w, m, m.name);
      w.close();
      break;
    case k::list:
      if (e.children.empty()) {
        w.empty(name);
        break;
      }
      w.open(name);
      for (const auto& item : e.children) write_xml(w, item, e.item_name);
      w.close();
      break;
  }
}

// A new member of the given kind appended to children; the caller sets its value.
element& add_child(std::vector<element>& children, element::kind type, std::string name) {
  element& m = children.emplace_back();
  m.type = type;
  m.name = std::move(name);
  return m;
}

}  // namespace

bool parse_format(std::string_view ext, format& out) {
  if (ext == "xml") {
    out = format::xml;
    return true;
  }
  if (ext == "json") {
    out = format::json;
    return true;
  }
  return false;
}

std::pair<std::string, std::string> split_extension(std::string_view file) {
  const auto dot = file.rfind('.');
  if (dot == std::string_view::npos) return {std::string(file), std::string()};
  return {std::string(file.substr(0, dot)), std::string(file.substr(dot + 1))};
}

element element::object(std::string name) {
  element e;
  e.type = kind::object;
  e.name = std::move(name);
  return e;
}

element element::list(std::string name, std::string item_name) {
  element e;
  e.type = kind::list;
  e.name = std::move(name);
  e.item_name = std::move(item_name);
  return e;
}

element& element::add_text(std::string name, std::string value) {
  add_child(children, kind::text, std::move(name)).text = std::move(value);
  return *this;
}

element& element::add_text_or_null(std::string name, std::string value) {
  if (value.empty()) return add_null(std::move(name));
  return add_text(std::move(name), std::move(value));
}

element& element::add_integer(std::string name, std::int64_t value) {
  add_child(children, kind::integer, std::move(name)).integer = value;
  return *this;
}

element& element::add_number(std::string name, double value) {
  add_child(children, kind::number, std::move(name)).number = value;
  return *this;
}

element& element::add_boolean(std::string name, bool value) {
  add_child(children, kind::boolean, std::move(name)).flag = value;
  return *this;
}

element& element::add_null(std::string name) {
  add_child(children, kind::null, std::move(name));
  return *this;
}

element& element::add(element child) {
  children.push_back(std::move(child));
  return children.back();
}

std::string to_json(const element& root) {
  json_writer w;
  write_json(w, root);
  return w.take();
}

std::string to_xml(const element& root) {
  xml_writer w;
  write_xml(w, root, root.name);
  return w.take();
}

std::string_view content_type(format f) {
  return f == format::xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
}

http_response render(int status, format f, const element& root) {
  http_response r;
  r.status = status;
  r.content_type = std::string(content_type(f));
  r.body = f == format::xml ? to_xml(root) : to_json(root);
  return r;
}

http_response error_list_response(format f, const std::vector<error_item>& errors) {
  auto doc = element::list("errors", "error");
  int status = errors.empty() ? 400 : errors.front().code;
  for (const auto& e : errors) {
    if (e.code == 400) status = 400;
    doc.add(element::object("error"))
        .add_integer("code", e.code)
        .add_text("description", e.description);
  }
  return render(status, f, doc);
}

http_response error_list_response(format f, int code, std::string description) {
  return error_list_response(f, std::vector<error_item>{{code, std::move(description)}});
}

}  // namespace cityops::gateway::open311
