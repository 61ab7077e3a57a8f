#pragma once
// What the emulated platform accepts as a resident ID number: 17 digits and a digit or X. The
// emulator does not check the check digit: test fixtures use made-up people.
#include <algorithm>
#include <string>

namespace ow::emu {

inline bool plausible_id_number(const std::string& s) {
  return s.size() == 18 && std::all_of(s.begin(), s.end() - 1, [](char c) { return c >= '0' && c <= '9'; }) &&
         ((s.back() >= '0' && s.back() <= '9') || s.back() == 'X');
}

}  // namespace ow::emu
