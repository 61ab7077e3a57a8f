// The WLT photo is only decoded through a configured library; without one it stays raw.
#include <doctest/doctest.h>

#include <vector>

#include "drivers/idcard/photo_decoder.hpp"

using namespace ow::drivers::idcard;
using ow::drivers::DeviceErrorCode;

TEST_CASE("without a library the photo is not decodable, and says so") {
  PhotoDecoder none;
  CHECK_FALSE(none.available());
  auto r = none.decode(std::vector<std::uint8_t>(1024, 1));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == DeviceErrorCode::Unsupported);
  CHECK(r.error().message.find("photo not decodable") != std::string::npos);
}

TEST_CASE("a missing library or symbol is reported, not faked") {
  PhotoDecoder missing("/nonexistent/libwlt2bmp.so");
  CHECK_FALSE(missing.available());
  CHECK(missing.problem().find("cannot load") != std::string::npos);
  PhotoDecoder wrong_symbol(OW_FAKE_WLT_LIB, "GetBmp");
  CHECK_FALSE(wrong_symbol.available());
  CHECK(wrong_symbol.problem().find("GetBmp") != std::string::npos);
}

TEST_CASE("a configured library decodes 1024 WLT bytes to 102x126 BGR") {
  PhotoDecoder dec(OW_FAKE_WLT_LIB);
  REQUIRE(dec.available());
  std::vector<std::uint8_t> wlt(1024);
  for (std::size_t i = 0; i < wlt.size(); ++i) wlt[i] = static_cast<std::uint8_t>(i);
  auto p = dec.decode(wlt);
  REQUIRE(p);
  CHECK(p->width == 102);
  CHECK(p->height == 126);
  REQUIRE(p->bgr.size() == 38556);
  CHECK(p->bgr[3] == (3 ^ 0x5A));
  CHECK(p->bgr[1025] == (1 ^ 0x5A));
  CHECK_FALSE(dec.decode(std::vector<std::uint8_t>(100, 0)));
  wlt[0] = 0xFF;
  auto refused = dec.decode(wlt);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("decoder returned -1") != std::string::npos);
}
