#pragma once
// Numbers from JSON we did not write ourselves (catalog packages and sources, platform answers,
// the control socket, files on disk), read as values: a whole number inside the range the caller
// allows, or nothing. nlohmann's get<int>() converts blindly — 4.4e28 to int is undefined
// behaviour, 2^32+1 to int wraps to 1 — and value("key", 0) throws on a string. Use these instead
// of get<number>() and value(key, number) on any JSON from outside.
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace ow {

// `v` as T when it is a whole JSON number (not a float, not a string) within [min, max].
template <std::integral T>
std::optional<T> json_int(const nlohmann::json& v, T min = std::numeric_limits<T>::min(),
                          T max = std::numeric_limits<T>::max()) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (std::cmp_less(u, min) || std::cmp_greater(u, max)) return std::nullopt;
    return static_cast<T>(u);
  }
  if (v.is_number_integer()) {
    const auto s = v.get<std::int64_t>();
    if (std::cmp_less(s, min) || std::cmp_greater(s, max)) return std::nullopt;
    return static_cast<T>(s);
  }
  return std::nullopt;
}

// The member `key` of object `obj` as in json_int; nothing when `obj` is no object or lacks it.
template <std::integral T>
std::optional<T> json_int(const nlohmann::json& obj, std::string_view key, T min = std::numeric_limits<T>::min(),
                          T max = std::numeric_limits<T>::max()) {
  if (!obj.is_object()) return std::nullopt;
  const auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  return json_int<T>(*it, min, max);
}

// `v` as a double when it is a JSON number (whole or not) within [min, max] (so never NaN).
inline std::optional<double> json_double(const nlohmann::json& v, double min, double max) {
  if (!v.is_number()) return std::nullopt;
  const double d = v.get<double>();
  if (!(d >= min && d <= max)) return std::nullopt;
  return d;
}

inline std::optional<double> json_double(const nlohmann::json& obj, std::string_view key, double min, double max) {
  if (!obj.is_object()) return std::nullopt;
  const auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  return json_double(*it, min, max);
}

}  // namespace ow
