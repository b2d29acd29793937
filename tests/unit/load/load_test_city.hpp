#pragma once
// A small city for the load tool's unit tests: categories with codes the mix prefers and
// some it does not know, and communities with coordinates. Same shape as the catalogue the
// tool reads from the service.

#include <string>

#include "tools/load/catalogue.hpp"

namespace cityops::load::testing {

inline catalogue test_city() {
  catalogue c;
  const char* codes[] = {"0101", "0301", "0601", "0605", "0608", "0802", "1101", "1102",
                         "0503", "0701", "0904", "1111", "0201", "0108", "9901", "9902"};
  for (const char* code : codes) {
    category_info cat;
    cat.code = code;
    cat.major = std::string(code).substr(0, 2);
    cat.name = std::string("类别") + code;
    cat.keywords = {std::string("关键词") + code, std::string("设施") + code};
    c.categories.push_back(cat);
  }
  for (int i = 0; i < 40; ++i) {
    community_info n;
    n.id = "370602001" + std::to_string(100 + i);
    n.name = "测试社区" + std::to_string(i);
    n.parent = "370602001";
    n.lat = 37.5 + i * 0.001;
    n.lon = 121.4 + i * 0.001;
    c.communities.push_back(n);
  }
  return c;
}

}  // namespace cityops::load::testing
