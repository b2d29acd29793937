#pragma once
// Traditional → simplified Chinese with OpenCC (Debian libopencc, its `t2s.json` profile), so
// that "井蓋塌陷" and "井盖塌陷" read alike to the classifier and the matchers. OpenCC's
// phrase-level conversion costs ~100 µs for a short call text, too much for intake: at
// construction every CJK ideograph (U+3400..U+9FFF) goes through OpenCC once and the ones it
// maps to another single character form a table, so convert() is a table lookup per
// character (context-dependent phrase conversions are not applied). convert() is const and
// safe to call from several threads.

#include <memory>
#include <string>
#include <string_view>

namespace cityops::domain {

class simplified_chinese {
 public:
  // Loads OpenCC's traditional → simplified profile; when it cannot be loaded (the data
  // package is missing) the converter passes text through unchanged and `loaded()` is false.
  simplified_chinese();
  ~simplified_chinese();
  simplified_chinese(const simplified_chinese&) = delete;
  simplified_chinese& operator=(const simplified_chinese&) = delete;

  bool loaded() const { return converter_ != nullptr; }
  const std::string& load_error() const { return error_; }
  std::string convert(std::string_view utf8) const;

 private:
  struct converter;
  std::unique_ptr<converter> converter_;
  std::string error_;
};

}  // namespace cityops::domain
