#include "tools/replay/sample_csv.hpp"

#include <cmath>
#include <cstdlib>

namespace cityops::replay {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = line.find(',', start);
    out.push_back(trim(line.substr(start, comma - start)));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(v);
}

void append_string(std::string& out, const std::string& s) {
  out.push_back('"');
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

}  // namespace

csv_read read_sample_csv(std::istream& in) {
  csv_read out;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    if (text.rfind("indicator", 0) == 0 && out.samples.empty()) continue;  // the header
    const auto fields = split(text);
    if (fields.size() != 4) {
      out.errors.push_back("line " + std::to_string(number) +
                           ": expected 4 fields (indicator,value,unit,at), found " +
                           std::to_string(fields.size()));
      continue;
    }
    if (fields[0].empty() || fields[3].empty()) {
      out.errors.push_back("line " + std::to_string(number) + ": " +
                           (fields[0].empty() ? "indicator" : "at") + " is empty");
      continue;
    }
    out.samples.push_back(csv_sample{number, fields[0], fields[1], fields[2], fields[3]});
  }
  return out;
}

std::string samples_body(const std::vector<csv_sample>& rows, std::size_t first,
                         std::size_t last) {
  std::string out = R"({"samples":[)";
  for (std::size_t i = first; i < last && i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (i != first) out.push_back(',');
    out += R"({"indicator":)";
    append_string(out, r.indicator);
    out += R"(,"value":)";
    if (is_number(r.value))
      out += r.value;
    else
      append_string(out, r.value);
    if (!r.unit.empty()) {
      out += R"(,"unit":)";
      append_string(out, r.unit);
    }
    out += R"(,"at":)";
    append_string(out, r.at);
    out.push_back('}');
  }
  out += "]}";
  return out;
}

}  // namespace cityops::replay
