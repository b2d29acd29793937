#pragma once
// A small streaming XML writer for the Open311 responses: the XML declaration with
// encoding="utf-8", elements without attributes or namespaces (the spec's XML is schemaless),
// two-space indentation. Text is escaped (& < > " '), invalid UTF-8 and characters XML 1.0
// forbids (control characters other than tab, LF and CR) become U+FFFD, and CR is written as
// &#13; so that it survives end-of-line normalisation.
//
//   xml_writer w;                              // writes the declaration
//   w.open("services").open("service").element("service_code", "0101").close().close();
//   std::string body = w.take();
//
// The writer does not validate names or structure: callers are trusted code.

#include <string>
#include <string_view>
#include <vector>

namespace cityops::gateway::open311 {

class xml_writer {
 public:
  xml_writer();

  xml_writer& open(std::string_view name);              // <name>
  xml_writer& close();                                  // </innermost>
  xml_writer& element(std::string_view name, std::string_view text);  // <name>text</name>
  xml_writer& empty(std::string_view name);             // <name/>

  // The document so far (every element should be closed) and a fresh writer.
  std::string take();

  // Appends s escaped as XML character data.
  static void append_escaped(std::string& out, std::string_view s);
  // s escaped (& < > " '): valid XML character data and HTML text alike.
  static std::string escaped(std::string_view s) {
    std::string out;
    append_escaped(out, s);
    return out;
  }

 private:
  void indent();

  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace cityops::gateway::open311
