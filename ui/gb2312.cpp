#include "ui/gb2312.hpp"

#include <iconv.h>

namespace ow::ui {

std::vector<char32_t> gb2312_level1() {
  std::vector<char32_t> out;
  iconv_t cd = iconv_open("UTF-32LE", "GB2312");
  if (cd == reinterpret_cast<iconv_t>(-1)) return out;
  // EUC-CN: row r is lead byte 0xA0+r, cell c is trail byte 0xA0+c.
  for (int row = 16; row <= 55; ++row) {
    for (int cell = 1; cell <= 94; ++cell) {
      char in[2] = {static_cast<char>(0xA0 + row), static_cast<char>(0xA0 + cell)};
      unsigned char utf32[4] = {};
      char* in_ptr = in;
      char* out_ptr = reinterpret_cast<char*>(utf32);
      std::size_t in_left = 2, out_left = 4;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
      if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1) || out_left != 0) continue;
      out.push_back(static_cast<char32_t>(utf32[0] | utf32[1] << 8 | utf32[2] << 16 | utf32[3] << 24));
    }
  }
  iconv_close(cd);
  return out;
}

}  // namespace ow::ui
