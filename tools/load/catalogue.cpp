#include "tools/load/catalogue.hpp"

#include <simdjson.h>

namespace cityops::load {

namespace {

bool get_string(simdjson::dom::element e, const char* key, std::string& out) {
  std::string_view v;
  if (e[key].get(v)) return false;
  out.assign(v);
  return true;
}

}  // namespace

std::string parse_categories(std::string_view body, std::vector<category_info>& out) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc)) return "categories: not JSON";
  simdjson::dom::array items;
  if (doc["items"].get(items)) return "categories: no items array";
  out.clear();
  for (auto item : items) {
    category_info c;
    if (!get_string(item, "code", c.code) || !get_string(item, "name", c.name)) {
      return "categories: an item without code or name";
    }
    get_string(item, "major", c.major);
    simdjson::dom::array kws;
    if (!item["keywords"].get(kws)) {
      for (auto k : kws) {
        std::string_view s;
        if (!k.get(s) && !s.empty()) c.keywords.emplace_back(s);
      }
    }
    out.push_back(std::move(c));
  }
  if (out.empty()) return "categories: the catalogue is empty";
  return "";
}

std::string parse_communities(std::string_view body, std::vector<community_info>& out) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc)) return "nodes: not JSON";
  simdjson::dom::array items;
  if (doc["items"].get(items)) return "nodes: no items array";
  out.clear();
  for (auto item : items) {
    community_info n;
    if (!get_string(item, "id", n.id)) return "nodes: an item without id";
    get_string(item, "name", n.name);
    get_string(item, "parent", n.parent);
    double lat = 0, lon = 0;
    if (!item["lat"].get(lat)) n.lat = lat;
    if (!item["lon"].get(lon)) n.lon = lon;
    out.push_back(std::move(n));
  }
  if (out.empty()) return "nodes: no community nodes";
  return "";
}

}  // namespace cityops::load
