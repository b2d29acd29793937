#pragma once
// The CSV that cityops-replay reads: one vital-sign sample a line, `indicator,value,unit,at`
// (docs/vital-signs.md "Replay"), and the request bodies it posts. An optional header line
// starting with `indicator`, blank lines and lines starting with '#' are skipped; fields are
// trimmed of spaces and may not hold commas. Pure: no I/O beyond the stream given.

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace cityops::replay {

struct csv_sample {
  std::size_t line = 0;  // 1-based, in the file
  std::string indicator;
  std::string value;  // as written
  std::string unit;   // may be empty
  std::string at;     // ISO 8601 as written
};

struct csv_read {
  std::vector<csv_sample> samples;
  std::vector<std::string> errors;  // "line 7: expected 4 fields (indicator,value,unit,at), found 3"
};

csv_read read_sample_csv(std::istream& in);

// {"samples": [...]} of rows [first, last): a value that reads as a finite number is written
// as a JSON number, anything else as a string (the service refuses it, naming `value`).
std::string samples_body(const std::vector<csv_sample>& rows, std::size_t first,
                         std::size_t last);

}  // namespace cityops::replay
