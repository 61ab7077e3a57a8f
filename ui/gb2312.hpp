#pragma once
// The 3,755 level-1 characters of GB2312 (rows 16–55), decoded with iconv: the set a citizen can
// type freely, so no data file has to ship with the kiosk.
#include <vector>

namespace ow::ui {

std::vector<char32_t> gb2312_level1();

}  // namespace ow::ui
