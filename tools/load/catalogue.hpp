#pragma once
// What the mix needs to know about the city, read once at start from the service itself
// (GET /api/v1/categories and GET /api/v1/nodes?tier=community), so the load fits whatever
// city the service runs. Parsing is pure: the bodies come in as strings.

#include <string>
#include <string_view>
#include <vector>

namespace cityops::load {

struct category_info {
  std::string code;   // minor code, "0101"
  std::string name;   // 井盖缺失/塌陷
  std::string major;  // "01"
  std::vector<std::string> keywords;
};

struct community_info {
  std::string id;      // "370602001001"
  std::string name;    // 友谊街社区居民委员会
  std::string parent;  // the street node, for listing queries
  double lat = 0;
  double lon = 0;
};

struct catalogue {
  std::vector<category_info> categories;
  std::vector<community_info> communities;
};

// Parse the bodies of GET /api/v1/categories and GET /api/v1/nodes?tier=community into `out`.
// Return "" on success, else what is wrong (not JSON, no items, an item without its fields).
std::string parse_categories(std::string_view body, std::vector<category_info>& out);
std::string parse_communities(std::string_view body, std::vector<community_info>& out);

}  // namespace cityops::load
