#include "gateway/open311/xml_writer.hpp"

#include "gateway/utf8.hpp"

namespace cityops::gateway::open311 {
namespace {

constexpr std::string_view declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

xml_writer::xml_writer() { out_.append(declaration); }

void xml_writer::indent() { out_.append(2 * open_.size(), ' '); }

xml_writer& xml_writer::open(std::string_view name) {
  indent();
  out_.push_back('<');
  out_.append(name);
  out_.append(">\n");
  open_.emplace_back(name);
  return *this;
}

xml_writer& xml_writer::close() {
  if (open_.empty()) return *this;
  std::string name = std::move(open_.back());
  open_.pop_back();
  indent();
  out_.append("</");
  out_.append(name);
  out_.append(">\n");
  return *this;
}

xml_writer& xml_writer::element(std::string_view name, std::string_view text) {
  indent();
  out_.push_back('<');
  out_.append(name);
  out_.push_back('>');
  append_escaped(out_, text);
  out_.append("</");
  out_.append(name);
  out_.append(">\n");
  return *this;
}

xml_writer& xml_writer::empty(std::string_view name) {
  indent();
  out_.push_back('<');
  out_.append(name);
  out_.append("/>\n");
  return *this;
}

std::string xml_writer::take() {
  std::string s = std::move(out_);
  out_.clear();
  out_.append(declaration);
  open_.clear();
  return s;
}

void xml_writer::append_escaped(std::string& out, std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const int n = utf8_sequence(s, i);
      if (n > 0) {
        // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters either.
        if (n == 3 && c == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
            static_cast<unsigned char>(s[i + 2]) >= 0xBE) {
          out.append(replacement);
        } else {
          out.append(s.data() + i, static_cast<std::size_t>(n));
        }
        i += static_cast<std::size_t>(n);
      } else {
        out.append(replacement);
        i += static_cast<std::size_t>(-n);
      }
      continue;
    }
    switch (c) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      case '\'': out.append("&apos;"); break;
      case '\r': out.append("&#13;"); break;
      case '\t':
      case '\n': out.push_back(static_cast<char>(c)); break;
      default:
        if (c < 0x20)
          out.append(replacement);  // not an XML 1.0 character
        else
          out.push_back(static_cast<char>(c));
    }
    ++i;
  }
}

}  // namespace cityops::gateway::open311
