#pragma once
// Small text helpers the core needs everywhere: masking, wiping, identifiers and times.
#include <chrono>
#include <string>
#include <string_view>

namespace ow {

// First 6 and last 4 characters shown, the rest replaced by '*' (common practice for ID numbers).
std::string mask_id_number(std::string_view id_number);

// A number to be read out one digit at a time, a pause between groups: "0001 6340" → "0 0 0 1, 6 3 4 0".
std::string spoken_digits(std::string_view grouped);

// Appends one code point as UTF-8.
void append_utf8(std::string& out, char32_t c);

// A random RFC 4122 version-4 UUID (libsodium randomness).
std::string new_uuid();

// RFC 3339 with the local UTC offset, e.g. 2026-11-22T10:04:05+08:00.
std::string rfc3339_local(std::chrono::system_clock::time_point t);
// RFC 3339 in UTC, e.g. 2026-11-22T02:04:05Z.
std::string rfc3339_utc(std::chrono::system_clock::time_point t);

// "HH:MM", and the date with its weekday in the current language, for the clock on screen.
std::string clock_hhmm(std::chrono::system_clock::time_point t);
std::string date_text(std::chrono::system_clock::time_point t);
// "YYYY-MM-DD HH:MM" in local time, for lists of past events.
std::string local_minutes(std::chrono::system_clock::time_point t);

}  // namespace ow
