#pragma once
// Table-driven enum <-> wire-name conversion shared by the domain's small enums.
// `first` is the numeric value of the table's first entry.

#include <array>
#include <optional>
#include <string_view>

namespace cityops::domain::detail {

template <class Enum, std::size_t N>
std::optional<Enum> enum_from_name(const std::array<std::string_view, N>& names,
                                   std::string_view s, int first = 0) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<Enum>(static_cast<int>(i) + first);
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view enum_name(const std::array<std::string_view, N>& names, Enum e, int first = 0) {
  const int index = static_cast<int>(e) - first;
  if (index < 0 || static_cast<std::size_t>(index) >= N) return "unknown";
  return names[static_cast<std::size_t>(index)];
}

}  // namespace cityops::domain::detail
